using System.Diagnostics;

namespace SoftmaxSharp.Tests;

/// <summary>Runs programs outside .NET (Python's onnx checker, node, the dotnet CLI) for the tests that need them.</summary>
static class ExternalTool
{
    /// <summary>The repository root: the directory holding SoftmaxSharp.slnx, above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "SoftmaxSharp.slnx"))) return directory.FullName;
        throw new InvalidOperationException($"SoftmaxSharp.slnx not found above {AppContext.BaseDirectory}");
    }

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <paramref name="program"/> to completion (at most <paramref name="timeoutSeconds"/>).</summary>
    public static Result Run(string program, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutSeconds = 300,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null) foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in {timeoutSeconds} s");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Fails the test with <paramref name="hint"/> when <paramref name="path"/> is not an executable file that exists.</summary>
    public static string Require(string path, string hint)
    {
        if (!File.Exists(path)) Assert.Fail($"{path} not found: {hint}");
        return path;
    }
}
