using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Persistence;

public class FamilyModelFileTests
{
    [Theory]
    [InlineData(Scaling.None)]
    [InlineData(Scaling.Standardize)]
    public void Logistic_regression_round_trips_bit_identically(Scaling scaling)
    {
        using var directory = new TempDirectory();
        string path = directory.File("logistic.json");
        var data = EmbeddedDatasets.Load("iris").SelectClasses([1, 2]);
        var model = new LogisticRegression { Threshold = 0.35f };
        model.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 7, Scaling = scaling, Initialization = Initialization.Random, Seed = 11 });

        ModelFile.Save(model, path);
        var loaded = Assert.IsType<LogisticRegression>(ModelFile.LoadAny(path));
        Assert.Equal(FloatBits.Of(model.Weights), FloatBits.Of(loaded.Weights));
        Assert.Equal(FloatBits.Of(model.Bias), FloatBits.Of(loaded.Bias));
        Assert.Equal(FloatBits.Of(model.Scaler.Shift), FloatBits.Of(loaded.Scaler.Shift));
        Assert.Equal(FloatBits.Of(model.Scaler.Divisor), FloatBits.Of(loaded.Scaler.Divisor));
        Assert.Equal(0.35f, loaded.Threshold);
        Assert.Equal(model.ClassNames, loaded.ClassNames);
        Assert.Equal(FloatBits.Of(model.PredictProba(data.Features)), FloatBits.Of(loaded.PredictProba(data.Features)));
        Assert.Contains("\"kind\": \"logistic-regression\"", File.ReadAllText(path));
        Assert.Contains("\"checksum\": \"sha256:", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(RegressionLoss.Mse)]
    [InlineData(RegressionLoss.Mae)]
    public void Linear_regression_round_trips_bit_identically(RegressionLoss loss)
    {
        using var directory = new TempDirectory();
        string path = directory.File("linear.json");
        var data = EmbeddedDatasets.Load("house-prices");
        var model = new LinearRegression(loss);
        model.Fit(data, new TrainingOptions { Epochs = 20, BatchSize = 2, Scaling = Scaling.Standardize });

        ModelFile.SaveAny(model, path);
        var loaded = Assert.IsType<LinearRegression>(ModelFile.LoadAny(path));
        Assert.Equal(FloatBits.Of(model.Weights), FloatBits.Of(loaded.Weights));
        Assert.Equal(FloatBits.Of(model.Bias), FloatBits.Of(loaded.Bias));
        Assert.Equal(loss, loaded.Loss);
        Assert.Equal("price", loaded.TargetName);
        Assert.Equal(FloatBits.Of(model.Predict(data)), FloatBits.Of(loaded.Predict(data)));
    }

    [Fact]
    public void Softmax_files_are_unchanged_and_load_through_LoadAny()
    {
        using var directory = new TempDirectory();
        string path = directory.File("softmax.json");
        var model = new SoftmaxRegression();
        model.Fit(EmbeddedDatasets.Load("iris"), new TrainingOptions { Epochs = 2 });
        ModelFile.Save(model, path);
        string text = File.ReadAllText(path);
        Assert.DoesNotContain("threshold", text);                              // the new fields are left out: the checksum of softmax files is as before
        Assert.DoesNotContain("target", text);
        Assert.IsType<SoftmaxRegression>(ModelFile.LoadAny(path));
    }

    [Fact]
    public void A_logistic_file_is_not_read_as_softmax_and_an_edit_breaks_the_checksum()
    {
        using var directory = new TempDirectory();
        string path = directory.File("logistic.json");
        ModelFile.Save(new LogisticRegression([1f, 2f], 0.5f, ["a", "b"], ["no", "yes"]), path);
        var error = Assert.Throws<UserInputException>(() => ModelFile.Load(path));
        Assert.Contains("logistic-regression", error.Message);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"threshold\": 0.5", "\"threshold\": 0.6"));
        Assert.Contains("checksum", Assert.Throws<UserInputException>(() => ModelFile.LoadAny(path)).Message);
    }

    [Fact]
    public void An_unknown_kind_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        string path = directory.File("tree.json", "{\"format\":\"softmaxsharp-model\",\"version\":1,\"kind\":\"decision-tree\",\"features\":1,\"classes\":1}");
        var error = Assert.Throws<UserInputException>(() => ModelFile.LoadAny(path));
        Assert.Contains("unknown model kind 'decision-tree'", error.Message);
    }
}
