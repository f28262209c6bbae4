using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>L2 and weight decay, learning-rate schedules in the trainer, the validation split and early stopping.</summary>
public sealed class RegularizationAndEarlyStoppingTests
{
    static readonly TrainingOptions Iris = new() { Epochs = 20, BatchSize = 8, Seed = 4, Scaling = Scaling.Standardize };

    [Fact]
    public void L2_IsWeightDecayForPlainSgd_BitForBit_AndReportsThePenalty()
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        var withL2 = new SoftmaxRegression();
        var withDecay = new SoftmaxRegression();

        var l2History = withL2.Fit(iris, Iris with { L2 = 0.05 });
        var decayHistory = withDecay.Fit(iris, Iris with { WeightDecay = 0.05f });

        Assert.Equal(FloatBits.Of(withDecay.Weights), FloatBits.Of(withL2.Weights));
        Assert.Equal(FloatBits.Of(withDecay.Bias), FloatBits.Of(withL2.Bias));
        var last = l2History.Epochs[^1];
        double squaredNorm = withL2.Weights.Sum(w => (double)w * w);
        Assert.Equal(0.05 / 2 * squaredNorm, last.Penalty, 1e-6 * last.Penalty);        // λ/2·‖W‖², weights only (a float dot product)
        Assert.Equal(last.TrainLoss + last.Penalty, last.Objective);
        Assert.Equal(decayHistory.Epochs[^1].TrainLoss, last.TrainLoss);                 // the data loss is the same number
        Assert.Equal(0, decayHistory.Epochs[^1].Penalty);                                // weight decay is not part of the objective
    }

    [Fact]
    public void L2_ShrinksTheWeights_NotTheBiases()
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        var plain = new SoftmaxRegression();
        var penalized = new SoftmaxRegression();
        plain.Fit(iris, Iris);
        penalized.Fit(iris, Iris with { L2 = 0.5 });
        Assert.True(Norm(penalized.Weights) < 0.7 * Norm(plain.Weights), $"‖W‖ {Norm(penalized.Weights)} with L2, {Norm(plain.Weights)} without");
    }

    [Fact]
    public void TheScheduleSetsEachEpochsLearningRate()
    {
        var history = new SoftmaxRegression().Fit(EmbeddedDatasets.Load("iris"), Iris with { Epochs = 6, Schedule = ScheduleKind.Step, StepSize = 2, Gamma = 0.5 });
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f], history.Epochs.Select(e => (float)e.LearningRate));
    }

    [Fact]
    public void ValidationSplit_HoldsOutRowsFromTraining()
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        var history = new SoftmaxRegression().Fit(iris, Iris with { ValidationSplit = 0.2, Epochs = 3 });
        var (train, validation) = SoftmaxRegression.HoldOutValidation(iris, Iris with { ValidationSplit = 0.2 });
        Assert.Equal(120, train.Rows);
        Assert.Equal(30, validation!.Rows);
        Assert.All(history.Epochs, e => Assert.True(e.HasValidation));
        Assert.Equal("completed 3 epochs", history.StopReason);
        Assert.False(history.StoppedEarly);
    }

    [Fact]
    public void ASingleEpochIsNamedInTheSingular()
    {
        var history = new SoftmaxRegression().Fit(EmbeddedDatasets.Load("iris"), Iris with { Epochs = 1 });
        Assert.Equal("completed 1 epoch", history.StopReason);
    }

    /// <summary>A small noisy problem that Adam overfits: validation loss falls, then rises.</summary>
    static Dataset Noisy()
    {
        var random = new Random(11);
        int n = 120, d = 20;
        var x = new float[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = random.Next(3);
            for (int j = 0; j < d; j++) x[i * d + j] = (float)(random.NextDouble() * 2 - 1 + (j == y[i] ? 0.8 : 0));
            if (random.NextDouble() < 0.3) y[i] = random.Next(3);            // label noise
        }
        return new Dataset(x, y, Enumerable.Range(0, d).Select(j => $"f{j}").ToArray(), ["a", "b", "c"]);
    }

    static readonly TrainingOptions Overfitting = new()
    {
        Epochs = 300, BatchSize = 8, Seed = 2, Scaling = Scaling.None, Optimizer = OptimizerKind.Adam, LearningRate = 0.05f, ValidationSplit = 0.3, Patience = 5,
    };

    [Fact]
    public void EarlyStopping_StopsAfterPatienceEpochsWithoutImprovement_AndKeepsTheBestWeights()
    {
        Dataset data = Noisy();
        var model = new SoftmaxRegression();

        var history = model.Fit(data, Overfitting);

        Assert.True(history.StoppedEarly, history.StopReason);
        int best = history.BestEpoch;
        Assert.Equal(best + 5, history.Epochs.Count);
        double bestLoss = history.Epochs[best - 1].ValidationLoss;
        Assert.Equal(history.Epochs.Min(e => e.ValidationLoss), bestLoss);
        Assert.All(history.Epochs.Skip(best), e => Assert.True(e.ValidationLoss >= bestLoss));
        var (_, validation) = SoftmaxRegression.HoldOutValidation(data, Overfitting);
        Assert.Equal(bestLoss, model.Loss(validation!), 1e-6);                         // the best epoch's weights were kept
        Assert.Contains($"has not improved for 5 epochs since epoch {best}", history.StopReason);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(1000)]   // after the run stopped: resuming that checkpoint changes nothing
    public void AdamWithScheduleAndEarlyStopping_ResumesBitIdentically(int stopAfter)
    {
        Dataset data = Noisy();
        var options = Overfitting with { Schedule = ScheduleKind.Cosine, L2 = 1e-3, Shuffle = true };
        var whole = new SoftmaxRegression();
        var wholeHistory = whole.Fit(data, options);

        TrainingCheckpoint? saved = null;
        new SoftmaxRegression().Fit(data, options with { CheckpointEvery = 1, OnCheckpoint = c => { if (c.Epoch <= stopAfter) saved = c; } });
        var resumed = new SoftmaxRegression();
        var resumedHistory = resumed.Fit(data, options, resume: saved);

        Assert.Equal(FloatBits.Of(whole.Weights), FloatBits.Of(resumed.Weights));
        Assert.Equal(FloatBits.Of(whole.Bias), FloatBits.Of(resumed.Bias));
        Assert.Equal(wholeHistory.Epochs.Select(e => e.ValidationLoss), resumedHistory.Epochs.Select(e => e.ValidationLoss));
        Assert.Equal(wholeHistory.BestEpoch, resumedHistory.BestEpoch);
        Assert.Equal(wholeHistory.StopReason, resumedHistory.StopReason);
    }

    [Fact]
    public void PatienceWithoutValidationData_IsAUserError()
    {
        var error = Assert.Throws<UserInputException>(() => new SoftmaxRegression().Fit(EmbeddedDatasets.Load("iris"), Iris with { Patience = 3 }));
        Assert.Contains("needs validation data", error.Message);
    }

    static double Norm(float[] values) => Math.Sqrt(values.Sum(v => (double)v * v));
}
