using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class GradientDescentTests
{
    public static TheoryData<string, int> LectureTablesAndBatchSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "iris-1d-2c", "iris-1d-3c", "iris-2d-3c", "iris-4d-3c" })
            foreach (int batch in new[] { 1, 4, 1000 })           // per-sample, mini-batch, full batch
                data.Add(name, batch);
        return data;
    }

    [Theory]
    [MemberData(nameof(LectureTablesAndBatchSizes))]
    public void EveryBatchSize_ReducesTheLossAndSeparatesTheLectureTables(string name, int batchSize)
    {
        Dataset data = EmbeddedDatasets.Load(name);
        var model = new SoftmaxRegression();
        var options = new TrainingOptions { Epochs = 2000, LearningRate = 0.5f, BatchSize = batchSize, Scaling = Scaling.Standardize, Seed = 3 };

        TrainingHistory history = model.Fit(data, options);

        double initialLoss = Math.Log(data.Classes);              // W = 0, b = 0: ŷ uniform
        Assert.Equal(2000, history.Epochs.Count);
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss, $"loss went from {history.Epochs[0].TrainLoss} to {history.Epochs[^1].TrainLoss}");
        Assert.True(model.Loss(data) < 0.5 * initialLoss, $"final loss {model.Loss(data)}, initial {initialLoss}");
        Assert.Equal(1.0, model.Score(data));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void UnscaledLectureTable_WithTheLecturesLearningRate_ReducesTheLoss(int batchSize)
    {
        Dataset data = EmbeddedDatasets.Load("iris-1d-2c");
        var model = new SoftmaxRegression();

        model.Fit(data, new TrainingOptions { Epochs = 100, LearningRate = 0.1f, BatchSize = batchSize });

        Assert.True(model.Loss(data) < Math.Log(2) / 2, $"final loss {model.Loss(data)}");
        Assert.Equal(1.0, model.Score(data));
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalWeights()
    {
        Dataset data = EmbeddedDatasets.Load("iris");
        var options = new TrainingOptions { Epochs = 5, BatchSize = 8, Seed = 123, Initialization = Initialization.Random, Scaling = Scaling.Standardize };
        SoftmaxRegression first = new(), second = new();

        first.Fit(data, options);
        second.Fit(data, options);

        Assert.Equal(FloatBits.Of(first.Weights), FloatBits.Of(second.Weights));
        Assert.Equal(FloatBits.Of(first.Bias), FloatBits.Of(second.Bias));
    }

    [Fact]
    public void DifferentSeeds_WithShuffling_GiveDifferentWeights()
    {
        Dataset data = EmbeddedDatasets.Load("iris");
        SoftmaxRegression first = new(), second = new();

        first.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 1, Seed = 1 });
        second.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 1, Seed = 2 });

        Assert.NotEqual(FloatBits.Of(first.Weights), FloatBits.Of(second.Weights));
    }

    [Fact]
    public void DifferentSeeds_WithoutShufflingAndWithZeroInit_GiveTheSameWeights()
    {
        // The seed only drives initialization and shuffling: with neither, it must not matter.
        Dataset data = EmbeddedDatasets.Load("iris-2d-3c");
        SoftmaxRegression first = new(), second = new();

        first.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 2, Shuffle = false, Seed = 1 });
        second.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 2, Shuffle = false, Seed = 2 });

        Assert.Equal(FloatBits.Of(first.Weights), FloatBits.Of(second.Weights));
    }

    [Fact]
    public void RandomInitialization_IsDrivenByTheSeed()
    {
        // Without shuffling only the initial weights can depend on the seed.
        Dataset data = EmbeddedDatasets.Load("iris-2d-3c");
        TrainingOptions Options(int seed) => new() { Epochs = 1, LearningRate = 1e-6f, Shuffle = false, Seed = seed, Initialization = Initialization.Random };
        SoftmaxRegression a = new(), b = new(), c = new(), zero = new();

        a.Fit(data, Options(5));
        b.Fit(data, Options(5));
        c.Fit(data, Options(6));
        zero.Fit(data, Options(5) with { Initialization = Initialization.Zeros });

        Assert.Equal(FloatBits.Of(a.Weights), FloatBits.Of(b.Weights));
        Assert.NotEqual(FloatBits.Of(a.Weights), FloatBits.Of(c.Weights));
        Assert.NotEqual(FloatBits.Of(a.Weights), FloatBits.Of(zero.Weights));
        Assert.All(a.Weights, w => Assert.InRange(w, -0.05f, 0.05f));  // N(0, 0.01²): five σ
        Assert.Contains(a.Weights, w => Math.Abs(w) > 1e-4f);
    }

    [Fact]
    public void FullIris_Standardized_ReachesHeldOutAccuracyOf95Percent()
    {
        var (train, test) = EmbeddedDatasets.Load("iris").Split(0.2, seed: 7);
        var model = new SoftmaxRegression();

        TrainingHistory history = model.Fit(train, new TrainingOptions { Epochs = 200, LearningRate = 0.1f, BatchSize = 16, Scaling = Scaling.Standardize, Seed = 7 }, test);

        Assert.Equal(30, test.Rows);
        Assert.True(model.Score(test) >= 0.95, $"held-out accuracy {model.Score(test)}");
        Assert.Equal(model.Score(test), history.Epochs[^1].ValidationAccuracy, 12);
        Assert.Equal(model.Loss(test), history.Epochs[^1].ValidationLoss, 5);
    }

    [Fact]
    public void OnEpoch_IsCalledOncePerEpochInOrder()
    {
        var epochs = new List<int>();
        var model = new SoftmaxRegression();

        model.Fit(EmbeddedDatasets.Load("iris-1d-2c"), new TrainingOptions { Epochs = 7, OnEpoch = e => epochs.Add(e.Epoch) });

        Assert.Equal(Enumerable.Range(1, 7), epochs);
    }

    [Theory]
    [InlineData(0f, 32, 10)]
    [InlineData(-0.1f, 32, 10)]
    [InlineData(float.NaN, 32, 10)]
    [InlineData(float.PositiveInfinity, 32, 10)]
    [InlineData(0.1f, 0, 10)]
    [InlineData(0.1f, -1, 10)]
    [InlineData(0.1f, 32, 0)]
    [InlineData(0.1f, 32, -5)]
    public void OptionsOutOfRange_ThrowUserInputException(float learningRate, int batchSize, int epochs)
    {
        var options = new TrainingOptions { LearningRate = learningRate, BatchSize = batchSize, Epochs = epochs };
        var model = new SoftmaxRegression();

        Assert.Throws<UserInputException>(options.Validate);
        Assert.Throws<UserInputException>(() => model.Fit(EmbeddedDatasets.Load("iris-1d-2c"), options));
        Assert.False(model.IsFitted);
    }

    [Fact]
    public void HugeLearningRateOnUnscaledData_ThrowsNamingTheEpoch_AndLeavesTheWeightsFinite()
    {
        Dataset data = EmbeddedDatasets.Load("iris");
        var options = new TrainingOptions { Epochs = 50, LearningRate = 1e38f, BatchSize = 1 };
        var weights = new float[data.Classes * data.Columns];
        var bias = new float[data.Classes];

        var error = Assert.Throws<UserInputException>(() => GradientDescent.Run(weights, bias, new RowSource(data, FeatureScaler.Identity(data.Columns)), null, options, new SeededRandom(0)));

        Assert.Matches(@"diverged in epoch \d+", error.Message);
        Assert.Contains("learning rate", error.Hint);
        Assert.All(weights, w => Assert.True(float.IsFinite(w)));
        Assert.All(bias, b => Assert.True(float.IsFinite(b)));
    }

    [Fact]
    public void Divergence_ReportsTheEpochItHappenedIn()
    {
        // One epoch at a huge rate is fine only if nothing overflows; epoch n's message must say n.
        Dataset data = EmbeddedDatasets.Load("iris");
        var seen = new List<int>();
        var options = new TrainingOptions { Epochs = 50, LearningRate = 1e38f, BatchSize = 1, OnEpoch = e => seen.Add(e.Epoch) };

        var error = Assert.Throws<UserInputException>(() => new SoftmaxRegression().Fit(data, options));

        Assert.Contains($"diverged in epoch {seen.Count + 1}:", error.Message);
    }

    [Fact]
    public void SingleClassTrainingData_IsRejected()
    {
        var data = new Dataset([1f, 2f, 3f], [0, 0, 0], ["x"], ["only"], "one-class");

        Assert.Throws<UserInputException>(() => new SoftmaxRegression().Fit(data));
    }
}
