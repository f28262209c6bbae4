using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Bench;

/// <summary>What the figures were measured on: CPU, cores, vector flags, memory, OS, .NET and the load at the start.</summary>
/// <param name="CpuFamily">/proc/cpuinfo's "CPU family 25, model 17": a VM's model name may be only "AMD EPYC", the same for a Zen 4
/// host (family 25, 256-bit FMA units) and a Zen 5 one (family 26, full-width AVX-512), whose limits differ by 2×</param>
public sealed record MachineInfo(string Cpu, string CpuFamily, int Cores, string Flags, string Memory, string OperatingSystem, string Runtime, string VectorWidth, string LoadAverage)
{
    public static MachineInfo Describe()
    {
        string cpuinfo = ReadOrEmpty("/proc/cpuinfo");
        string Field(string text, string name) => text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var flags = Field(cpuinfo, "flags").Split(' ').ToHashSet();
        string vectorFlags = string.Join(" ", new[] { "avx2", "fma", "avx512f", "avx512vl", "avx512bw" }.Where(flags.Contains));
        string memTotal = Field(ReadOrEmpty("/proc/meminfo"), "MemTotal");
        string memory = long.TryParse(memTotal.Split(' ')[0], out long kb) ? $"{kb / 1024.0 / 1024:F1} GiB" : memTotal;
        string vector = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128";
        string load = ReadOrEmpty("/proc/loadavg").Split(' ').Take(3) is var l && l.Any() ? string.Join(" ", l) : "unknown";
        string family = $"CPU family {Field(cpuinfo, "cpu family")}, model {Field(cpuinfo, "model\t")}";
        return new MachineInfo(Field(cpuinfo, "model name"), family, Environment.ProcessorCount, vectorFlags.Length > 0 ? vectorFlags : "none",
            memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, vector, load);
    }

    /// <summary>A short name for file names: the CPU model's words and the core count, e.g. amd-epyc-2c.</summary>
    public string Slug()
    {
        var words = Cpu.ToLowerInvariant().Replace("(r)", "").Replace("(tm)", "").Split([' ', '@'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.All(char.IsLetterOrDigit) && w is not ("cpu" or "processor" or "with")).Take(4);
        return string.Join("-", words.Append($"{Cores}c"));
    }

    static string ReadOrEmpty(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
