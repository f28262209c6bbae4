using System.Diagnostics;

namespace SoftmaxSharp.Bench;

/// <summary>One `softmax train` process: its wall time and peak resident memory (the kernel's VmHWM).</summary>
public sealed record ProcessFigures(string Build, string Command, double Seconds, double PeakResidentBytes, double DatasetBytes);

/// <summary>
/// Peak memory of the tool as a user runs it: `softmax train` on the bench data in a process of its own, once
/// JIT-compiled (the `softmax` next to the bench) and once native AOT (bench/run.sh publishes it), so that
/// what is measured is the tool's whole footprint (runtime, code, data, buffers) and nothing of the bench's.
/// </summary>
static class MemoryBench
{
    public static List<ProcessFigures> Run(IEnumerable<(string Build, string? Program)> builds, string[] trainArgs, double datasetBytes, TextWriter progress)
    {
        var figures = new List<ProcessFigures>();
        foreach (var (build, program) in builds)
        {
            if (program is null || !File.Exists(program))
            {
                progress.WriteLine($"memory: no {build} build{(program is null ? "" : $" at {program}")} (bench/run.sh publishes it); skipped");
                continue;
            }
            figures.Add(Measure(build, program, trainArgs, datasetBytes));
        }
        return figures;
    }

    static ProcessFigures Measure(string build, string program, string[] trainArgs, double datasetBytes)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("train");
        foreach (string arg in trainArgs) start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // VmHWM is the kernel's own high-water mark of the resident set, so polling only has to read it before the exit.
        long peak = 0;
        string status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            peak = Math.Max(peak, HighWaterMark(status));
            Thread.Sleep(1);
        }
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} train exited with {process.ExitCode}: {error.Result.Trim()}");
        _ = output.Result;
        return new ProcessFigures(build, "softmax train " + string.Join(' ', trainArgs), seconds, peak, datasetBytes);
    }

    /// <summary>VmHWM of /proc/PID/status in bytes; 0 once the process is gone.</summary>
    static long HighWaterMark(string status)
    {
        try
        {
            foreach (string line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
