using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Persistence;

public class ModelFileTests
{
    static SoftmaxRegression TrainedIris(Scaling scaling)
    {
        var model = new SoftmaxRegression();
        model.Fit(EmbeddedDatasets.Load("iris"), new TrainingOptions { Epochs = 3, BatchSize = 7, Scaling = scaling, Initialization = Initialization.Random, Seed = 11 });
        return model;
    }


    [Theory]
    [InlineData(Scaling.None)]
    [InlineData(Scaling.Standardize)]
    [InlineData(Scaling.MinMax)]
    public void SaveThenLoad_GivesBitIdenticalParametersScalerAndPredictions(Scaling scaling)
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        SoftmaxRegression model = TrainedIris(scaling);
        Dataset iris = EmbeddedDatasets.Load("iris");

        ModelFile.Save(model, path);
        SoftmaxRegression loaded = ModelFile.Load(path);

        Assert.Equal(FloatBits.Of(model.Weights), FloatBits.Of(loaded.Weights));
        Assert.Equal(FloatBits.Of(model.Bias), FloatBits.Of(loaded.Bias));
        Assert.Equal(model.Scaler.Kind, loaded.Scaler.Kind);
        Assert.Equal(FloatBits.Of(model.Scaler.Shift), FloatBits.Of(loaded.Scaler.Shift));
        Assert.Equal(FloatBits.Of(model.Scaler.Divisor), FloatBits.Of(loaded.Scaler.Divisor));
        Assert.Equal(model.ClassNames, loaded.ClassNames);
        Assert.Equal(model.FeatureNames, loaded.FeatureNames);
        Assert.Equal(FloatBits.Of(model.PredictProba(iris.Features)), FloatBits.Of(loaded.PredictProba(iris.Features)));
    }

    [Fact]
    public void SaveThenLoad_KeepsAwkwardFloats()
    {
        // Subnormals, extremes and values with no short decimal form must survive the JSON text.
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        float[] weights = [float.Epsilon, -float.MaxValue, 0.1f, 1f / 3f, -0f, 1e-38f];
        var model = new SoftmaxRegression(weights, [float.MinValue, 3.4028e38f], ["a", "b", "c"], ["x, \"quoted\"", "ü"]);

        ModelFile.Save(model, path);
        SoftmaxRegression loaded = ModelFile.Load(path);

        Assert.Equal(FloatBits.Of(weights), FloatBits.Of(loaded.Weights));
        Assert.Equal(FloatBits.Of(model.Bias), FloatBits.Of(loaded.Bias));
        Assert.Equal(model.ClassNames, loaded.ClassNames);
    }

    [Fact]
    public void Save_LeavesNoTemporaryFileAndOverwritesAnOldModel()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        File.WriteAllText(path, "old");

        ModelFile.Save(TrainedIris(Scaling.None), path);
        ModelFile.Save(TrainedIris(Scaling.Standardize), path);

        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
        Assert.Equal(Scaling.Standardize, ModelFile.Load(path).Scaler.Kind);
    }

    [Fact]
    public void Save_IntoAMissingDirectory_IsAUserErrorAndWritesNothing()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "missing", "model.json");

        Assert.Throws<UserInputException>(() => ModelFile.Save(TrainedIris(Scaling.None), path));
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void DamagedFile_IsAUserError()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(TrainedIris(Scaling.None), path);
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.Equal(path, error.File);
        Assert.Contains("not a valid model file", error.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"some-package\", \"dependencies\": {}}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("PK\u0003\u0004 not json at all")]
    public void ForeignFile_IsAUserError(string content)
    {
        using var directory = new TempDirectory();
        string path = directory.File("other.json");
        File.WriteAllText(path, content);

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.Equal(path, error.File);
    }

    [Fact]
    public void ShapesThatDisagree_AreAUserError()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(new SoftmaxRegression([1f, 2f, 3f, 4f], [0f, 0f], ["u", "v"], ["a", "b"]), path);
        File.WriteAllText(path, ModelFileChecksumTests.AsVersion1(File.ReadAllText(path)).Replace("\"features\": 2", "\"features\": 3"));   // no checksum to catch the edit

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.Contains("shapes", error.Message);
    }

    [Fact]
    public void NewerFormatVersion_AsksForAnUpdate()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(new SoftmaxRegression([1f, 2f], [0f, 0f], ["u"], ["a", "b"]), path);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"\"version\": {ModelFile.Version}", $"\"version\": {ModelFile.Version + 1}"));

        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));

        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void MissingFileOrADirectory_IsAUserError()
    {
        using var directory = new TempDirectory();

        Assert.Contains("not found", Assert.Throws<UserInputException>(() => ModelFile.Load(directory.File("missing.json"))).Message);
        Assert.Throws<UserInputException>(() => ModelFile.Load(directory.Path));
    }
}
