using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Cli;

/// <summary>
/// The native tool for linux-x64 is compiled twice: `softmax` for x86-64-v3 (AVX2 + FMA), which runs on any recent x64, and
/// `softmax-avx512` beside it for x86-64-v4 (AVX-512), whose kernels train Fashion-MNIST about 1.5× as fast. Ahead-of-time code
/// cannot choose between them itself, so `softmax` hands the whole process over (execv) to `softmax-avx512` when this CPU and
/// kernel have AVX-512: same arguments, same streams, the same numbers (the kernels give the same results either way).
/// SOFTMAX_KERNELS=avx2 keeps the AVX2 binary.
/// </summary>
static class WiderBinary
{
    /// <summary>The AVX-512 binary's file name, beside `softmax`.</summary>
    public const string FileName = "softmax-avx512";

    /// <summary>The AVX-512 feature flags x86-64-v4 requires, as /proc/cpuinfo names them (present only when the kernel enables them).</summary>
    static readonly string[] RequiredFlags = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];

    /// <summary>Which kernels this process runs: "AVX-512", "AVX2 + FMA" or "scalar".</summary>
    public static string Kernels =>
        Avx512F.IsSupported && Avx512BW.IsSupported && Vector512.IsHardwareAccelerated ? "AVX-512"
        : Avx2.IsSupported && Fma.IsSupported ? "AVX2 + FMA"
        : "scalar";

    /// <summary>
    /// In the AVX2 native binary on a machine with AVX-512 and <see cref="FileName"/> beside it: replaces this process with that
    /// binary and does not return. Anywhere else (JIT-compiled, which picks AVX-512 by itself; already AVX-512; no such file;
    /// SOFTMAX_KERNELS=avx2), or if the exec fails, returns and the caller goes on here.
    /// </summary>
    public static void HandOver(string[] args)
    {
        if (RuntimeFeature.IsDynamicCodeSupported || !OperatingSystem.IsLinux() || Avx512F.IsSupported) return;
        if (string.Equals(Environment.GetEnvironmentVariable("SOFTMAX_KERNELS"), "avx2", StringComparison.OrdinalIgnoreCase)) return;
        string? self = Environment.ProcessPath;
        if (self is null) return;
        string wider = Path.Combine(Path.GetDirectoryName(self)!, FileName);
        if (!File.Exists(wider) || !CpuHasAvx512(ReadCpuInfo())) return;
        Exec(wider, args);
    }

    /// <summary>True when the first "flags" line of /proc/cpuinfo names every flag x86-64-v4 needs.</summary>
    internal static bool CpuHasAvx512(string? cpuInfo)
    {
        if (cpuInfo is null) return false;
        foreach (string line in cpuInfo.Split('\n'))
        {
            if (!line.StartsWith("flags", StringComparison.Ordinal)) continue;
            var flags = new HashSet<string>(line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            return RequiredFlags.All(flags.Contains);
        }
        return false;
    }

    /// <summary>The first "flags" line of /proc/cpuinfo (read no further: on a large machine the file lists every core), or null.</summary>
    static string? ReadCpuInfo()
    {
        try { return File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("flags", StringComparison.Ordinal)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>execv(path, [path, args…]): returns only if it fails (the strings are left allocated: the process goes on without them).</summary>
    static unsafe void Exec(string path, string[] args)
    {
        var argv = new nint[args.Length + 2];
        argv[0] = Marshal.StringToCoTaskMemUTF8(path);
        for (int i = 0; i < args.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
        fixed (nint* p = argv) execv((byte*)argv[0], (byte**)p);
    }

    [DllImport("libc", SetLastError = true)]
    static extern unsafe int execv(byte* path, byte** argv);
}
