using System.Diagnostics;

namespace SoftmaxSharp.Tests.Robustness;

/// <summary>Starts the real `softmax` (the softmax.dll built beside the tests) as a child process.</summary>
static class ChildProcess
{
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "softmax.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built beside the tests");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        if (environment is not null)
            foreach (var (name, value) in environment) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>) and returns the exit code and what it printed.</summary>
    public static (int ExitCode, string Output, string Error) Run(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            Assert.Fail($"softmax {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
