using System.IO.Compression;

namespace SoftmaxSharp.Tests.Packaging;

/// <summary>
/// `dotnet pack` of the library and the tool (from the build these tests run on: --no-build), then the tool
/// installed the usual way into a temporary tool path from that local folder only (no network), and run.
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
    public void PackagesInstallAsADotnetToolThatRunsSoftmax()
    {
        using var temp = new TempDirectory("packaging");
        string packages = Directory.CreateDirectory(Path.Combine(temp.Path, "packages")).FullName;
        foreach (string project in new[] { "src/SoftmaxSharp/SoftmaxSharp.csproj", "src/SoftmaxSharp.Cli/SoftmaxSharp.Cli.csproj" })
        {
            var pack = Dotnet(temp, "pack", Path.Combine(ExternalTool.RepositoryRoot, project), "-c", Configuration, "--no-build", "-o", packages);
            Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed:\n{pack.Output}\n{pack.Error}");
        }

        string library = Path.Combine(packages, $"SoftmaxSharp.{Version}.nupkg");
        Assert.True(File.Exists(Path.Combine(packages, $"SoftmaxSharp.{Version}.snupkg")), "no symbol package");
        using (var zip = ZipFile.OpenRead(library))
        {
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

        // Only the local folder as a source, and a private package cache, so that nothing stale or remote is used.
        string config = Path.Combine(temp.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        string tools = Path.Combine(temp.Path, "tools");
        var install = Dotnet(temp, "tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", packages, "SoftmaxSharp.Tool", "--version", Version);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}\n{install.Error}");

        string softmax = Path.Combine(tools, OperatingSystem.IsWindows() ? "softmax.exe" : "softmax");
        var version = ExternalTool.Run(softmax, ["--version"], temp.Path, 60);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(Version, version.Output.Trim());
        var train = ExternalTool.Run(softmax, ["train", "--epochs", "5"], temp.Path, 120);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("Training softmax regression on iris", train.Output);
        Assert.Contains("Test accuracy per class: setosa", train.Output);
    }

    static ExternalTool.Result Dotnet(TempDirectory temp, params string[] arguments) =>
        ExternalTool.Run("dotnet", arguments, temp.Path, 300, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(temp.Path, "nuget-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
}
