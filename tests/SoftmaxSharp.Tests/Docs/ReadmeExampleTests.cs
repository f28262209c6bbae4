namespace SoftmaxSharp.Tests.Docs;

/// <summary>
/// README.md's library example (its ```csharp block), compiled and run as a .NET 10 file-based app
/// (`dotnet run Example.cs` with a <c>#:project</c> line pointing at the library), so it cannot rot.
/// The file goes under artifacts/ in the repository, so the repository's build settings (warnings as
/// errors) and nuget.config apply to it.
/// </summary>
[Collection(nameof(BuildsCollection))]
public class ReadmeExampleTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    [Fact]
    public void TheLibraryExampleCompilesAndRuns()
    {
        string root = ExternalTool.RepositoryRoot;
        string[] readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int start = Array.IndexOf(readme, "```csharp");
        Assert.True(start >= 0, "README.md has no ```csharp block");
        int end = Array.IndexOf(readme, "```", start + 1);
        string directory = Path.Combine(root, "artifacts", "readme-example-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string library = Path.Combine(root, "src", "SoftmaxSharp", "SoftmaxSharp.csproj");
            File.WriteAllLines(Path.Combine(directory, "Example.cs"), [$"#:project {library}", .. readme[(start + 1)..end]]);
            var run = ExternalTool.Run("dotnet", ["run", "-c", Configuration, "Example.cs"], directory, 300);
            Assert.True(run.ExitCode == 0, $"the README example failed:\n{run.Output}\n{run.Error}");
            Assert.Contains("test accuracy", run.Output);
            Assert.Contains("p(virginica) = ", run.Output);
            Assert.True(File.Exists(Path.Combine(directory, "iris.onnx")), "the example wrote no iris.onnx");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>Tests that run the dotnet CLI on the repository's projects run one at a time.</summary>
[CollectionDefinition(nameof(BuildsCollection), DisableParallelization = true)]
public sealed class BuildsCollection;
