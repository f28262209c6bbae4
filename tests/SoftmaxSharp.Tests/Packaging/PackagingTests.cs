using System.IO.Compression;
using System.Runtime.InteropServices;
using SoftmaxSharp.Tests.Cli;

namespace SoftmaxSharp.Tests.Packaging;

/// <summary>
/// The README's packaging: `dotnet pack` of the library (from the build these tests run on: --no-build) and of the tool — its
/// index package, the native-AOT package for linux-x64 and the framework-dependent one for every other platform ("any"), built
/// from a copy of the sources so that the repository's own build outputs are untouched — then the tool installed the usual way
/// into a temporary tool path from that local folder only (no network), and run. On linux-x64 the installed `softmax` is the
/// native binary (with its AVX-512 twin beside it), and it must train to the same model, byte for byte, as the JIT-compiled tool
/// and report bad input the same way.
/// </summary>
[Collection(nameof(SoftmaxSharp.Tests.Docs.BuildsCollection))]
public class PackagingTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif
    static readonly string Version = SoftmaxSharp.Cli.Cli.Version;

    [Fact]
    public void PackagesInstallAsADotnetToolThatIsTheNativeBinaryAndTrainsLikeTheJitCompiledTool()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Fail("this test packs the native tool for linux-x64; run it there");
        using var temp = new TempDirectory("packaging");
        string packages = Directory.CreateDirectory(Path.Combine(temp.Path, "packages")).FullName;

        var library = Dotnet(temp, "pack", Path.Combine(ExternalTool.RepositoryRoot, "src/SoftmaxSharp/SoftmaxSharp.csproj"), "-c", Configuration, "--no-build", "-o", packages);
        Assert.True(library.ExitCode == 0, $"dotnet pack of the library failed:\n{library.Output}\n{library.Error}");
        AssertLibraryPackage(packages);

        string sources = CopySources(temp);
        string tool = Path.Combine(sources, "src", "SoftmaxSharp.Cli", "SoftmaxSharp.Cli.csproj");
        foreach (string[] rid in new[] { Array.Empty<string>(), ["-r", "linux-x64"], ["-r", "any"] })
        {
            var pack = Dotnet(temp, ["pack", tool, "-c", "Release", .. rid, "-o", packages]);
            Assert.True(pack.ExitCode == 0, $"dotnet pack {string.Join(' ', rid)} of the tool failed:\n{pack.Output}\n{pack.Error}");
        }
        using (var index = ZipFile.OpenRead(Path.Combine(packages, $"SoftmaxSharp.Tool.{Version}.nupkg")))
        {
            using var settings = new StreamReader(index.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open());
            string text = settings.ReadToEnd();
            Assert.Contains("RuntimeIdentifier=\"linux-x64\" Id=\"SoftmaxSharp.Tool.linux-x64\"", text);
            Assert.Contains("RuntimeIdentifier=\"any\" Id=\"SoftmaxSharp.Tool.any\"", text);
        }
        using (var any = ZipFile.OpenRead(Path.Combine(packages, $"SoftmaxSharp.Tool.any.{Version}.nupkg")))
            Assert.Contains("tools/net10.0/any/softmax.dll", any.Entries.Select(e => e.FullName));

        // Only the local folder as a source, and a private package cache, so that nothing stale or remote is used.
        string config = Path.Combine(temp.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        string tools = Path.Combine(temp.Path, "tools");
        var install = Dotnet(temp, "tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", packages, "SoftmaxSharp.Tool", "--version", Version);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}\n{install.Error}");

        // The command is the native binary itself (an ELF executable, no softmax.dll beside it), not a launcher of the JIT runtime.
        string softmax = new FileInfo(Path.Combine(tools, "softmax")).ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? Path.Combine(tools, "softmax");
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(softmax)[..4]);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(softmax)!, "softmax.dll")), "the installed tool is the framework-dependent one");
        // Beside it, the same tool compiled for AVX-512, which `softmax` hands over to where the CPU has AVX-512.
        string avx512 = Path.Combine(Path.GetDirectoryName(softmax)!, SoftmaxSharp.Cli.WiderBinary.FileName);
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(avx512)[..4]);
        bool cpuHasAvx512 = SoftmaxSharp.Cli.WiderBinary.CpuHasAvx512(File.ReadAllText("/proc/cpuinfo"));

        var version = ExternalTool.Run(softmax, ["--version"], temp.Path, 60);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(Version, version.Output.Trim());

        string iris = AssertTrainsTheSameModel(softmax, temp, "iris", ["train", "--epochs", "30", "--batch-size", "8", "--optimizer", "adam", "--lr", "0.05"]);
        Assert.Contains("Training softmax regression on iris", iris);
        Assert.Contains("Test accuracy per class: setosa", iris);
        Assert.Contains(cpuHasAvx512 ? "with the AVX-512 kernels." : "with the AVX2 + FMA kernels.", iris);

        // Fashion-MNIST (784 features, ten classes): the JIT-compiled tool runs the Vector512 kernels where the CPU has AVX-512, the
        // native binaries the Vector256 ones (`softmax`, kept by SOFTMAX_KERNELS=avx2) or the Vector512 ones (`softmax-avx512`);
        // by rows (batch 256) and full batch, with each binary, the same model byte for byte.
        string fashion = Training.FashionMnistFixture.Directory;
        Assert.True(SoftmaxSharp.Data.IdxReader.IsIdxDirectory(fashion), $"Fashion-MNIST not found in {fashion}: apt-get install dataset-fashion-mnist");
        var avx2 = new Dictionary<string, string> { ["SOFTMAX_KERNELS"] = "avx2" };
        foreach (string batch in new[] { "256", "60000" })
        {
            string[] train = ["train", "--data", fashion, "--epochs", "2", "--batch-size", batch, "--lr", "0.1", "--optimizer", "sgd"];
            Assert.Contains("with the AVX2 + FMA kernels.", AssertTrainsTheSameModel(softmax, temp, $"fashion-{batch}-avx2", train, avx2));
            if (cpuHasAvx512) Assert.Contains("with the AVX-512 kernels.", AssertTrainsTheSameModel(softmax, temp, $"fashion-{batch}", train));
        }

        // Bad input: the same one-line message and exit code, no stack trace.
        string missing = Path.Combine(temp.Path, "missing.csv");
        var nativeError = ExternalTool.Run(softmax, ["train", "--data", missing], temp.Path, 60);
        var jitError = CliRunner.Run("train", "--data", missing);
        Assert.NotEqual(0, nativeError.ExitCode);
        Assert.Equal(jitError.ExitCode, nativeError.ExitCode);
        Assert.Equal(jitError.Error.Trim(), nativeError.Error.Trim());
        Assert.DoesNotContain("   at ", nativeError.Error);
    }

    /// <summary>Trains with <paramref name="train"/> in the native binary and in the JIT-compiled tool: the same model, byte for byte. Returns the native run's output.</summary>
    static string AssertTrainsTheSameModel(string softmax, TempDirectory temp, string name, string[] train, IReadOnlyDictionary<string, string>? environment = null)
    {
        string nativeModel = Path.Combine(temp.Path, $"native-{name}.json"), jitModel = Path.Combine(temp.Path, $"jit-{name}.json");
        var native = ExternalTool.Run(softmax, [.. train, "--out", nativeModel], temp.Path, 300, environment);
        Assert.True(native.ExitCode == 0, native.Error);
        var jit = CliRunner.Run([.. train, "--out", jitModel]);
        Assert.True(jit.ExitCode == 0, jit.Error);
        Assert.True(File.ReadAllBytes(jitModel).AsSpan().SequenceEqual(File.ReadAllBytes(nativeModel)), $"{name}: the native binary's model differs from the JIT-compiled tool's");
        return native.Output;
    }

    static void AssertLibraryPackage(string packages)
    {
        Assert.True(File.Exists(Path.Combine(packages, $"SoftmaxSharp.{Version}.snupkg")), "no symbol package");
        using var zip = ZipFile.OpenRead(Path.Combine(packages, $"SoftmaxSharp.{Version}.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/SoftmaxSharp.dll", entries);
        Assert.Contains("lib/net10.0/SoftmaxSharp.xml", entries);
        using var nuspec = new StreamReader(zip.GetEntry("SoftmaxSharp.nuspec")!.Open());
        string text = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", text);
        Assert.Contains("<readme>README.md</readme>", text);
        Assert.Contains("<description>", text);
    }

    /// <summary>The files a build of the tool reads, without the repository's bin/ and obj/ folders.</summary>
    static string CopySources(TempDirectory temp)
    {
        string sources = Path.Combine(temp.Path, "repo");
        foreach (string file in new[] { "Directory.Build.props", "nuget.config", "README.md" })
            CopyFile(Path.Combine(ExternalTool.RepositoryRoot, file), Path.Combine(sources, file));
        string from = Path.Combine(ExternalTool.RepositoryRoot, "src");
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string top = relative.Split(Path.DirectorySeparatorChar).Skip(1).FirstOrDefault() ?? "";
            if (top is "bin" or "obj") continue;
            CopyFile(file, Path.Combine(sources, "src", relative));
        }
        return sources;
    }

    static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    static ExternalTool.Result Dotnet(TempDirectory temp, params string[] arguments) =>
        ExternalTool.Run("dotnet", arguments, temp.Path, 600, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(temp.Path, "nuget-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
}
