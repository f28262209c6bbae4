using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Tests.Cli;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Robustness;



/// <summary>Issue 6: huge scores stay finite; a diverging run stops at once, keeps its last good weights and writes no model.</summary>
public sealed class NumericSafetyTests
{
    [Theory]
    [InlineData(1e30f, -1e30f, 0f)]
    [InlineData(1e30f, 1e30f, -1e30f)]
    [InlineData(-1e30f, -1e30f, -1e30f)]
    [InlineData(0f, 1e30f, -1e30f)]              // (±3e38 would need a loss of 6e38, beyond float: not a case)
    public void HugeLogits_GiveFiniteProbabilitiesAndLoss(float z0, float z1, float z2)
    {
        float[] z = [z0, z1, z2];
        float[] p = Softmax.Of(z);

        Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1, $"p = {v}"));
        Assert.Equal(1.0, p.Sum(v => (double)v), 6);
        for (int y = 0; y < 3; y++)
        {
            float loss = CrossEntropy.FromScores(z, y);
            Assert.True(float.IsFinite(loss) && loss >= 0, $"loss for y = {y}: {loss}");
        }
    }

    [Fact]
    public void HugeWeights_PredictFiniteProbabilities()
    {
        var model = new SoftmaxRegression([1e30f, -1e30f, -1e30f, 1e30f], [0f, 0f], ["u", "v"], ["a", "b"]);
        float[] p = model.PredictProba([1f, 0.5f, -2f, 3f]);
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void LossGrowingByOrdersOfMagnitude_StopsWithTheEpochAndKeepsTheLastGoodWeights()
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        var epochs = new List<EpochResult>();
        var model = new SoftmaxRegression();
        // At η = 1e30 the loss is finite but about 1e28 after one epoch: far beyond 1000 × ln 3.
        var error = Assert.Throws<UserInputException>(() => model.Fit(iris, new TrainingOptions { LearningRate = 1e30f, Epochs = 20, Scaling = Scaling.Standardize, OnEpoch = epochs.Add }));

        Assert.StartsWith("training diverged in epoch 1: the loss grew to", error.Message);
        Assert.Contains("Use a smaller learning rate", error.Message);
        Assert.Empty(epochs);                                     // stopped at once: the bad epoch is not reported as a result
        Assert.All(model.Weights, w => Assert.Equal(0f, w));     // the last good weights: the initial zeros
    }

    [Fact]
    public void DivergenceAfterGoodEpochs_KeepsTheWeightsOfTheLastGoodEpoch()
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        float[]? lastGood = null;
        var model = new SoftmaxRegression();
        var error = Assert.Throws<UserInputException>(() => model.Fit(iris, new TrainingOptions
        {
            LearningRate = 1e38f, Epochs = 50, BatchSize = 1, CheckpointEvery = 1,
            OnCheckpoint = c => lastGood = c.Weights,
        }));

        Assert.Matches(@"^training diverged in epoch \d+", error.Message);
        Assert.All(model.Weights, w => Assert.True(float.IsFinite(w)));
        if (lastGood is not null) Assert.Equal(lastGood, model.Weights);
    }

    [Fact]
    public void DivergingCliRun_WritesNoModelFile()
    {
        using var temp = new TempDirectory();
        string model = temp.File("model.json");

        var result = CliRunner.Run("train", "--lr", "1e30", "--out", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("softmax: training diverged in epoch 1:", result.Error);
        Assert.Contains("Use a smaller learning rate (now 1E+30)", result.Error);
        Assert.False(File.Exists(model));
        Assert.Empty(Directory.GetFiles(temp.Path));              // no temporary file left either
    }
}
