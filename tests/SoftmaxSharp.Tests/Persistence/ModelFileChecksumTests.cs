using System.Text.RegularExpressions;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Tests.Persistence;

/// <summary>Issue 6: model files carry a SHA-256 of their content; a truncated or edited file is refused with a clear message.</summary>
public sealed class ModelFileChecksumTests
{
    static readonly SoftmaxRegression Model = new([1f, 2f, 3f, 4f], [0.5f, -0.5f], ["u", "v"], ["a", "b"]);

    /// <summary>The same model as a version 1 file: no checksum.</summary>
    internal static string AsVersion1(string json) =>
        Regex.Replace(json, ",\\s*\"checksum\": \"[^\"]*\"", "").Replace($"\"version\": {ModelFile.Version}", "\"version\": 1");

    [Fact]
    public void SavedFile_HasAChecksumAndLoads()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);

        Assert.Matches("\"checksum\": \"sha256:[0-9a-f]{64}\"", File.ReadAllText(path));
        Assert.Equal(Model.Weights, ModelFile.Load(path).Weights);
    }

    [Fact]
    public void TruncatedFile_IsRefused()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 20)]);

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.StartsWith($"{path}:", error.Message);
        Assert.Contains("not a valid model file: it is truncated or damaged", error.Message);
    }

    [Fact]
    public void EditedWeight_IsRefused()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("0.5", "0.6"));

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.Equal($"{path}: the model file's checksum does not match its content. The file was edited or damaged after it was written; train the model again", error.Message);
    }

    [Fact]
    public void RemovedChecksum_IsRefused()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);
        File.WriteAllText(path, Regex.Replace(File.ReadAllText(path), ",\\s*\"checksum\": \"[^\"]*\"", ""));

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.Contains("the model file has no checksum", error.Message);
    }

    [Fact]
    public void Version1File_WithoutChecksum_StillLoads()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);
        File.WriteAllText(path, AsVersion1(File.ReadAllText(path)));

        Assert.Equal(Model.Bias, ModelFile.Load(path).Bias);
    }

    [Fact]
    public void ReformattedButUnchangedContent_StillLoads()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\r\n"));   // the checksum covers the content, not the whitespace

        Assert.Equal(Model.Weights, ModelFile.Load(path).Weights);
    }

    [Fact]
    public void TruncatedModel_IsRefusedByTheCli()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(Model, path);
        File.WriteAllText(path, File.ReadAllText(path)[..100]);

        var result = Tests.Cli.CliRunner.Run("predict", "--model", path, "--data", "iris");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a valid model file: it is truncated or damaged", result.Error);
    }
}
