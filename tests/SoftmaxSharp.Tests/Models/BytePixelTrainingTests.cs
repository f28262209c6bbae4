using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

/// <summary>
/// Images kept as bytes and scaled inside the kernels (x = p/255) train the model of the same images as floats, bit for bit, for
/// every class count the pixel kernels take — ten, and five (a five-class dataset, or half of ten by classes) — and one they take
/// by halves (twenty: ten per thread), with the batch sizes that pick each path: per-sample, by classes, by rows, full batch,
/// L-BFGS, and validation after every epoch; and a network (Dense + ReLU) the same way. (Five- and twenty-class images threw before the kernels' packed W was made for them.)
/// </summary>
public class BytePixelTrainingTests
{
    [Theory]
    [InlineData(5, 1)]       // per-sample SGD
    [InlineData(5, 32)]      // by classes: 2 + 3, no pixel kernel
    [InlineData(5, 100)]     // by rows: the five-class kernel
    [InlineData(5, 0)]       // full batch
    [InlineData(10, 32)]     // by classes: the five-class kernel on each half
    [InlineData(10, 100)]
    [InlineData(20, 32)]     // by classes: the ten-class kernel on each half
    [InlineData(20, 100)]
    public void BytesTrainTheModelOfTheirFloats(int k, int batch)
    {
        var (bytes, floats) = Images(k, n: 300, d: 45, seed: k * 100 + batch);
        var (bytesValidation, floatsValidation) = Images(k, n: 70, d: 45, seed: k);
        var options = new TrainingOptions { Epochs = 2, BatchSize = batch == 0 ? bytes.Rows : batch, LearningRate = 0.5f, Scaling = Scaling.Pixels };

        var fromBytes = new SoftmaxRegression();
        var bytesHistory = fromBytes.Fit(bytes, options, bytesValidation);
        var fromFloats = new SoftmaxRegression();
        var floatsHistory = fromFloats.Fit(floats, options, floatsValidation);

        Assert.Equal(fromFloats.Weights, fromBytes.Weights);
        Assert.Equal(fromFloats.Bias, fromBytes.Bias);
        Assert.Equal(floatsHistory.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)), bytesHistory.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void BytesGiveTheLbfgsModelOfTheirFloats(int k)
    {
        var (bytes, floats) = Images(k, n: 300, d: 45, seed: k);
        var options = new TrainingOptions { Solver = Solver.Lbfgs, MaxIterations = 20, L2 = 1e-3, Scaling = Scaling.Pixels };

        var fromBytes = new SoftmaxRegression();
        fromBytes.Fit(bytes, options);
        var fromFloats = new SoftmaxRegression();
        fromFloats.Fit(floats, options);

        Assert.Equal(fromFloats.Weights, fromBytes.Weights);
        Assert.Equal(fromFloats.Bias, fromBytes.Bias);
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 32)]
    [InlineData(10, 100)]
    [InlineData(20, 0)]
    public void BytesTrainTheNetworkOfTheirFloats(int k, int batch)
    {
        var (bytes, floats) = Images(k, n: 300, d: 45, seed: k * 100 + batch);
        var options = new TrainingOptions { Epochs = 2, BatchSize = batch == 0 ? bytes.Rows : batch, LearningRate = 0.2f, Scaling = Scaling.Pixels, Seed = 3 };

        var fromBytes = new NeuralNetwork([16], Activation.Relu);
        fromBytes.Fit(bytes, options);
        var fromFloats = new NeuralNetwork([16], Activation.Relu);
        fromFloats.Fit(floats, options);

        for (int i = 0; i < fromFloats.Parameters.Count; i++) Assert.Equal(fromFloats.Parameters[i].Values, fromBytes.Parameters[i].Values);
    }

    /// <summary>n random images of d pixels with labels of k classes, as bytes and as their float copies (0 … 255).</summary>
    static (Dataset Bytes, Dataset Floats) Images(int k, int n, int d, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[n * d];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        string[] names = Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), classes = Enumerable.Range(0, k).Select(c => $"c{c}").ToArray();
        var bytes = new Dataset(pixels, labels, names, classes, "bytes");
        return (bytes, new Dataset(bytes.Features, labels, names, classes, "floats"));
    }
}
