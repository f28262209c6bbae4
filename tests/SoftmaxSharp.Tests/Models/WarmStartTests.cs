using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

public class WarmStartTests
{
    static readonly TrainingOptions FullBatchInOrder = new() { BatchSize = 1000, Shuffle = false, Scaling = Scaling.Standardize };

    [Fact]
    public void TenEpochsEqualFiveThenFiveMoreFromTheSavedModel()
    {
        var iris = EmbeddedDatasets.Load("iris");
        var straight = new SoftmaxRegression();
        straight.Fit(iris, FullBatchInOrder with { Epochs = 10 });

        var first = new SoftmaxRegression();
        first.Fit(iris, FullBatchInOrder with { Epochs = 5 });
        using var directory = new TempDirectory();
        ModelFile.Save(first, directory.File("five.json"));
        var resumed = ModelFile.Load(directory.File("five.json"));
        resumed.Fit(iris, FullBatchInOrder with { Epochs = 5, WarmStart = true });

        Assert.Equal(FloatBits.Of(straight.Weights), FloatBits.Of(resumed.Weights));
        Assert.Equal(FloatBits.Of(straight.Bias), FloatBits.Of(resumed.Bias));
    }

    [Fact]
    public void WarmStartKeepsTheScalerAndDoesNotChangeTheStartingWeights()
    {
        var (a, b) = EmbeddedDatasets.Load("iris").Split(0.5, seed: 1);
        var model = new SoftmaxRegression();
        model.Fit(a, FullBatchInOrder with { Epochs = 5 });
        float[] before = (float[])model.Weights.Clone();
        var scaler = model.Scaler;
        model.Fit(b, FullBatchInOrder with { Epochs = 1, WarmStart = true, Scaling = Scaling.MinMax });
        Assert.Same(scaler, model.Scaler);                          // not refitted on b, and the Scaling option is ignored
        Assert.NotEqual(before, model.Weights);
    }

    [Fact]
    public void WarmStartOnDataWithOtherFeaturesIsAUserError()
    {
        var model = new SoftmaxRegression();
        model.Fit(EmbeddedDatasets.Load("iris"), FullBatchInOrder with { Epochs = 1 });
        var other = EmbeddedDatasets.Load("iris-2d-3c");
        var error = Assert.Throws<UserInputException>(() => model.Fit(other, FullBatchInOrder with { Epochs = 1, WarmStart = true }));
        Assert.Contains("features", error.Message);
    }
}
