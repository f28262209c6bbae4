using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

public class NeuralNetworkTests
{
    [Fact]
    public void WithoutHiddenLayers_TrainsToSoftmaxRegressionsNumbers()
    {
        var data = EmbeddedDatasets.Load("iris");
        var random = new Random(3);
        float[] w = Enumerable.Range(0, 3 * 4).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        float[] b = [0.01f, -0.02f, 0.03f];
        var scaler = FeatureScaler.Fit(Scaling.Standardize, data);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 20, LearningRate = 0.2f, Seed = 11, WarmStart = true };
        var softmax = new SoftmaxRegression((float[])w.Clone(), (float[])b.Clone(), data.FeatureNames, data.ClassNames, scaler);
        var network = new NeuralNetwork([(float[])w.Clone()], [(float[])b.Clone()], Activation.Relu, data.FeatureNames, data.ClassNames, scaler);

        var softmaxHistory = softmax.Fit(data, options);
        var networkHistory = network.Fit(data, options);

        for (int i = 0; i < w.Length; i++) Assert.Equal(softmax.Weights[i], network.Weights(0)[i], 1e-6f);
        for (int c = 0; c < 3; c++) Assert.Equal(softmax.Bias[c], network.Bias(0)[c], 1e-6f);
        for (int e = 0; e < 5; e++) Assert.Equal(softmaxHistory.Epochs[e].TrainLoss, networkHistory.Epochs[e].TrainLoss, 6);
    }

    [Fact]
    public void WithoutHiddenLayers_OnFashionMnistBytes_MatchesSoftmaxRegressionToo()
    {
        if (!IdxReader.IsIdxDirectory(Training.FashionMnistFixture.Directory)) Assert.Fail("Fashion-MNIST not installed");
        var (train, _) = IdxReader.ReadDirectory(Training.FashionMnistFixture.Directory);
        var data = train.Subset(Enumerable.Range(0, 2000).ToArray());
        var scaler = FeatureScaler.Fit(Scaling.Pixels, data);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 64, LearningRate = 0.1f, WarmStart = true };
        var softmax = new SoftmaxRegression(new float[10 * 784], new float[10], data.FeatureNames, data.ClassNames, scaler);
        var network = new NeuralNetwork([new float[10 * 784]], [new float[10]], Activation.Relu, data.FeatureNames, data.ClassNames, scaler);

        softmax.Fit(data, options);
        network.Fit(data, options);

        for (int i = 0; i < softmax.Weights.Length; i++) Assert.Equal(softmax.Weights[i], network.Weights(0)[i], 1e-6f);
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Linear)]
    public void GradientCheck_PassesForEveryActivation(Activation activation)
    {
        var data = GradientCheck.RandomClassification(20, 4, 3, seed: 1);
        var network = new NeuralNetwork([6, 5], activation);
        network.Initialize(data.FeatureNames, data.ClassNames, new Random(5));
        GradientCheck.Randomize(network, seed: 2);

        double step = activation is Activation.Relu or Activation.LeakyRelu ? 1e-5 : GradientCheck.DefaultStep;   // stay off the ReLUs' kinks
        var result = GradientCheck.Run(network, data, l2: 0.01, step: step);

        Assert.Equal(["W1", "b1", "W2", "b2", "W3", "b3"], result.Blocks.Select(b => b.Name));
        Assert.True(result.Passed, $"{activation}: max relative error {result.MaxRelativeError:G3} in {string.Join(", ", result.Blocks.Select(b => $"{b.Name} {b.MaxRelativeError:G3}"))}");
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    public void FastFloatGradient_AgreesWithTheDoubleObjective(Activation activation)
    {
        var data = GradientCheck.RandomClassification(150, 20, 4, seed: 3);   // more than two tiles of rows, k not a multiple of 4
        var network = new NeuralNetwork([13, 9], activation);
        network.Initialize(data.FeatureNames, data.ClassNames, new Random(6));
        GradientCheck.Randomize(network, seed: 4, scale: 0.3);
        var exact = network.Parameters.Select(p => new float[p.Values.Length]).ToArray();
        double objective = network.Objective(data, exact);

        var fast = network.Parameters.Select(p => new float[p.Values.Length]).ToArray();
        var source = new RowSource(data, network.Scaler);
        var (lossSum, _) = NetworkGradient.Accumulate(network.ParameterArrays, activation, source, source.AllRows, data.Rows, fast, new NetworkGradient.Workspace(network.LayerSizes));

        Assert.Equal(objective, lossSum / data.Rows, 5);
        for (int b = 0; b < fast.Length; b++)
            for (int i = 0; i < fast[b].Length; i++)
                Assert.True(Math.Abs(fast[b][i] - exact[b][i]) <= 1e-5 + 1e-4 * Math.Abs(exact[b][i]), $"{network.Parameters[b].Name}[{i}]: fast {fast[b][i]}, exact {exact[b][i]}");
    }

    [Fact]
    public void Parameters_AreNamedBlocksInLayerOrder()
    {
        var network = new NeuralNetwork([5, 4], Activation.Tanh);
        network.Initialize(["a", "b", "c"], ["x", "y"], new Random(0));
        Assert.Equal(["W1", "b1", "W2", "b2", "W3", "b3"], network.Parameters.Select(p => p.Name));
        Assert.Equal([15, 5, 20, 4, 8, 2], network.Parameters.Select(p => p.Values.Length));
        Assert.Equal([3, 5, 4, 2], network.LayerSizes);
    }

    [Fact]
    public void Initialize_XavierIsUniformWithinTheGlorotBoundAndHeHasVariance2OverFanIn()
    {
        var xavier = new NeuralNetwork([200], Activation.Tanh);
        xavier.Initialize(Names("f", 300), Names("c", 10), new Random(1));
        double bound = Math.Sqrt(6.0 / 500);
        Assert.All(xavier.Weights(0), w => Assert.InRange(w, -bound, bound));
        Assert.Equal(bound * bound / 3, Variance(xavier.Weights(0)), 3e-4);   // U(−a, a) has variance a²/3
        Assert.All(xavier.Bias(0), b => Assert.Equal(0f, b));

        var he = new NeuralNetwork([200], Activation.Relu);
        Assert.Equal(WeightInitialization.He, he.Initialization);
        he.Initialize(Names("f", 300), Names("c", 10), new Random(1));
        Assert.Equal(2.0 / 300, Variance(he.Weights(0)), 3e-4);
    }

    [Fact]
    public void Fit_SameSeed_GivesBitIdenticalWeights()
    {
        var data = EmbeddedDatasets.Load("iris");
        var options = new TrainingOptions { Epochs = 3, Scaling = Scaling.Standardize, Seed = 4 };
        var first = new NeuralNetwork([8], Activation.Tanh);
        var second = new NeuralNetwork([8], Activation.Tanh);
        first.Fit(data, options);
        second.Fit(data, options);
        for (int i = 0; i < first.Parameters.Count; i++) Assert.Equal(FloatBits.Of(first.Parameters[i].Values), FloatBits.Of(second.Parameters[i].Values));
    }

    [Fact]
    public void PredictProba_RowsSumToOneAndPredictIsTheArgmax()
    {
        var data = EmbeddedDatasets.Load("iris");
        var network = new NeuralNetwork([10, 6], Activation.LeakyRelu);
        network.Fit(data, new TrainingOptions { Epochs = 20, Scaling = Scaling.Standardize });
        float[] p = network.PredictProba(data.Features);
        int[] predicted = network.Predict(data.Features);
        Assert.Equal(predicted, network.Predict(data));
        for (int i = 0; i < data.Rows; i++)
        {
            var row = p.AsSpan(i * 3, 3);
            Assert.Equal(1f, row[0] + row[1] + row[2], 5);
            Assert.Equal(Linear.ArgMax(row), predicted[i]);
        }
        Assert.True(network.Score(data) > 0.9, $"accuracy {network.Score(data)}");
    }

    [Fact]
    public void Fit_WithWeightsOrSmoothing_IsAUserError()
    {
        var data = EmbeddedDatasets.Load("iris");
        Assert.Throws<UserInputException>(() => new NeuralNetwork([4]).Fit(data, new TrainingOptions { LabelSmoothing = 0.1f }));
        Assert.Throws<UserInputException>(() => new NeuralNetwork([0]));
    }

    internal static Dataset SmallProblem(int rows, int features, int classes, int seed)
    {
        var random = new Random(seed);
        float[] x = Enumerable.Range(0, rows * features).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        int[] y = Enumerable.Range(0, rows).Select(i => i % classes).ToArray();
        return new Dataset(x, y, Names("x", features), Names("class", classes), "random");
    }

    static string[] Names(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToArray();

    static double Variance(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return values.Average(v => (v - mean) * (v - mean));
    }
}
