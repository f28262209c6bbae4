using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>Small-batch plain SGD takes its step inside the gradient pass; it must land where the two-pass step does.</summary>
public class FusedSgdTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(15)]
    public void TheFusedStepEqualsComputingTheGradientThenStepping(int batchSize)
    {
        var (train, _) = EmbeddedDatasets.Load("iris").Split(0.2, seed: 0);
        var options = new TrainingOptions { Epochs = 20, BatchSize = batchSize, LearningRate = 0.1f, Scaling = Scaling.Standardize, Seed = 3 };
        var fused = new SoftmaxRegression();
        fused.Fit(train, options);
        // Class weights of 1 give the same loss and gradient but go through the weighted, two-pass path: ∇ into a buffer, then θ ← θ − η∇.
        var twoPass = new SoftmaxRegression();
        twoPass.Fit(train, options with { ClassWeights = [1f, 1f, 1f] });

        double largest = 0;
        for (int i = 0; i < fused.Weights.Length; i++) largest = Math.Max(largest, Math.Abs(fused.Weights[i] - twoPass.Weights[i]));
        for (int c = 0; c < fused.Bias.Length; c++) largest = Math.Max(largest, Math.Abs(fused.Bias[c] - twoPass.Bias[c]));
        Assert.True(largest > 0, "the two runs should take different code paths");   // else this test compares a path with itself
        Assert.True(largest < 1e-5, $"fused and two-pass SGD differ by {largest} after 20 epochs");
    }
}
