using System.Globalization;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>
/// The network's forward pass, backpropagation and SGD against PyTorch (tests/reference/torch_network_reference.py):
/// a 4-8-3 network from the same initial weights, trained on the same Iris rows in the same order, must end with the
/// same W¹, b¹, W², b² and epoch losses to 1e-5.
/// </summary>
public class NetworkPyTorchAgreementTests
{
    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("sigmoid")]
    [InlineData("linear")]
    public void SgdFromTheSameStart_EndsAtPyTorchsWeights(string activation)
    {
        var reference = Read(Path.Combine(AppContext.BaseDirectory, "Data", $"torch_network_{activation}.txt"));
        float[] x = reference["x"];
        int[] y = reference["y"].Select(v => (int)v).ToArray();
        var data = new Dataset(x, y, ["sl", "sw", "pl", "pw"], ["setosa", "versicolor", "virginica"], "iris slice");
        var network = new NeuralNetwork([reference["initial.W1"], reference["initial.W2"]], [reference["initial.b1"], reference["initial.b2"]],
            Activations.Parse(activation), data.FeatureNames, data.ClassNames);

        var history = network.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 10, LearningRate = 0.1f, Shuffle = false, WarmStart = true });

        AssertClose(reference["final.W1"], network.Weights(0));
        AssertClose(reference["final.b1"], network.Bias(0));
        AssertClose(reference["final.W2"], network.Weights(1));
        AssertClose(reference["final.b2"], network.Bias(1));
        for (int e = 0; e < 3; e++) Assert.Equal(reference["loss"][e], history.Epochs[e].TrainLoss, 1e-5);
    }

    static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"[{i}]: PyTorch {expected[i]}, SoftmaxSharp {actual[i]}");
    }

    static Dictionary<string, float[]> Read(string path) => File.ReadLines(path)
        .Where(line => !line.StartsWith('#'))
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(parts => parts[0], parts => parts[1..].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());
}
