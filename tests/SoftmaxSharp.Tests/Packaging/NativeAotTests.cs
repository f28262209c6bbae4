using System.Runtime.InteropServices;
using SoftmaxSharp.Tests.Cli;

namespace SoftmaxSharp.Tests.Packaging;

/// <summary>
/// The README's native-AOT publish of `softmax` (one self-contained binary, no JIT), built from a copy of the sources so that
/// the repository's own build outputs are untouched, then run: it must train to the same model, byte for byte, as the
/// JIT-compiled tool, and report bad input the same way.
/// </summary>
[Collection(nameof(SoftmaxSharp.Tests.Docs.BuildsCollection))]
public class NativeAotTests
{
    [Fact]
    public void TheNativeBinaryTrainsTheSameModelAsTheJitCompiledTool()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Fail("this test publishes for linux-x64; run it there");
        using var temp = new TempDirectory("aot");
        string sources = Path.Combine(temp.Path, "repo");
        foreach (string file in new[] { "Directory.Build.props", "nuget.config", "README.md" })
            CopyFile(Path.Combine(ExternalTool.RepositoryRoot, file), Path.Combine(sources, file));
        CopyTree(Path.Combine(ExternalTool.RepositoryRoot, "src"), Path.Combine(sources, "src"));

        string output = Path.Combine(temp.Path, "out");
        var publish = ExternalTool.Run("dotnet", ["publish", Path.Combine(sources, "src", "SoftmaxSharp.Cli", "SoftmaxSharp.Cli.csproj"),
            "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output], sources, 600,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        Assert.True(publish.ExitCode == 0, $"native AOT publish failed:\n{publish.Output}\n{publish.Error}");
        string softmax = ExternalTool.Require(Path.Combine(output, "softmax"), "the publish wrote no binary named softmax");

        string nativeModel = Path.Combine(temp.Path, "native.json"), jitModel = Path.Combine(temp.Path, "jit.json");
        string[] train = ["train", "--epochs", "30", "--batch-size", "8", "--optimizer", "adam", "--lr", "0.05"];
        var native = ExternalTool.Run(softmax, [.. train, "--out", nativeModel], temp.Path, 120);
        Assert.True(native.ExitCode == 0, native.Error);
        Assert.Contains("Test accuracy per class: setosa", native.Output);
        var jit = CliRunner.Run([.. train, "--out", jitModel]);
        Assert.True(jit.ExitCode == 0, jit.Error);
        Assert.Equal(File.ReadAllBytes(jitModel), File.ReadAllBytes(nativeModel));

        // Bad input: the same one-line message and exit code, no stack trace.
        string missing = Path.Combine(temp.Path, "missing.csv");
        var nativeError = ExternalTool.Run(softmax, ["train", "--data", missing], temp.Path, 60);
        var jitError = CliRunner.Run("train", "--data", missing);
        Assert.NotEqual(0, nativeError.ExitCode);
        Assert.Equal(jitError.ExitCode, nativeError.ExitCode);
        Assert.Equal(jitError.Error.Trim(), nativeError.Error.Trim());
        Assert.DoesNotContain("   at ", nativeError.Error);
    }

    static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    static void CopyTree(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string top = relative.Split(Path.DirectorySeparatorChar).Skip(1).FirstOrDefault() ?? "";
            if (top is "bin" or "obj") continue;                                // build outputs of the repository's own build
            CopyFile(file, Path.Combine(to, relative));
        }
    }
}
