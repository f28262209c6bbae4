using System.Globalization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;
using Xunit.Abstractions;

namespace SoftmaxSharp.Tests.Training;

/// <summary>Fashion-MNIST, loaded once for the class; a missing dataset is recorded, and every test fails on it.</summary>
public sealed class FashionMnistFixture
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFixture()
    {
        if (!IdxReader.IsIdxDirectory(Directory))
        {
            Error = $"Fashion-MNIST not found in {Directory}: apt-get install dataset-fashion-mnist";
            return;
        }
        (Train, Test) = IdxReader.ReadDirectory(Directory);
    }

    public Dataset? Train { get; }
    public Dataset? Test { get; }
    public string? Error { get; }

    public (Dataset Train, Dataset Test) Require()
    {
        if (Error is not null) Assert.Fail(Error);
        if (Test is null) Assert.Fail($"no t10k test files in {Directory}: apt-get install --reinstall dataset-fashion-mnist");
        return (Train!, Test!);
    }
}

/// <summary>
/// The trainer against PyTorch (tests/reference/torch_sgd_reference.py): same data, order, batches
/// and zero start must give the same W, b and epoch loss up to float32 rounding.
/// </summary>
public sealed class PyTorchAgreementTests(FashionMnistFixture fashion, ITestOutputHelper output) : IClassFixture<FashionMnistFixture>
{
    const int K = 10, D = 784;

    [Fact]
    public void OneEpochOfSgdOn1000RowsMatchesPyTorch()
    {
        var (train, _) = fashion.Require();
        var (loss, bias, weights) = ReadReference(Path.Combine(AppContext.BaseDirectory, "Data", "torch_sgd_1000x1epoch.txt"));
        var subset = train.Subset(Enumerable.Range(0, 1000).ToArray());
        var model = new SoftmaxRegression();
        var history = model.Fit(subset, new TrainingOptions
        {
            Epochs = 1, BatchSize = 32, LearningRate = 0.1f, Shuffle = false,
            Scaling = Scaling.Pixels, Initialization = Initialization.Zeros,
        });

        double maxAbs = 0, maxRel = 0;
        string? firstBad = null;
        void Check(string name, float expected, float actual)
        {
            double diff = Math.Abs((double)actual - expected);
            maxAbs = Math.Max(maxAbs, diff);
            if (expected != 0) maxRel = Math.Max(maxRel, diff / Math.Abs(expected));
            if (diff > 1e-6 + 1e-5 * Math.Abs(expected)) firstBad ??= $"{name}: torch {expected:R}, ours {actual:R}";
        }
        for (int c = 0; c < K; c++) Check($"b[{c}]", bias[c], model.Bias[c]);
        for (int i = 0; i < K * D; i++) Check($"W[{i / D}, {i % D}]", weights[i], model.Weights[i]);
        double lossRel = Math.Abs(history.Epochs[0].TrainLoss - loss) / loss;
        output.WriteLine($"max |ΔW, Δb| = {maxAbs:G3} (max relative {maxRel:G3}); loss torch {loss:R}, ours {history.Epochs[0].TrainLoss:R}, relative {lossRel:G3}");

        Assert.True(firstBad is null, $"{firstBad} (max |Δ| {maxAbs:G3})");
        Assert.True(lossRel < 1e-6, $"train loss: torch {loss:R}, ours {history.Epochs[0].TrainLoss:R}");
    }

    // Seed 0 gives 0.8402 (identical with AVX2 and scalar TensorPrimitives); the threshold is at the edge of
    // the seed spread: seeds 0-7 give 0.824-0.843 here, and PyTorch's own shuffles 0.821-0.842.
    [Fact]
    public void LectureSetupReaches84PercentTestAccuracy()
    {
        var (train, test) = fashion.Require();
        var model = new SoftmaxRegression();
        model.Fit(train, new TrainingOptions
        {
            Epochs = 10, BatchSize = 32, LearningRate = 0.1f, Shuffle = true, Seed = 0,
            Scaling = Scaling.Pixels, Initialization = Initialization.Zeros,
        });
        double accuracy = model.Score(test);
        output.WriteLine($"test accuracy {accuracy:F4}");
        Assert.True(accuracy >= 0.84, $"test accuracy {accuracy:F4} < 0.84");
    }

    /// <summary>Line 1 the loss, line 2 b [k], then W [k, d] one class per line; '#' lines are comments.</summary>
    static (double Loss, float[] Bias, float[] Weights) ReadReference(string path)
    {
        var lines = File.ReadLines(path).Where(l => !l.StartsWith('#') && l.Trim().Length > 0).ToArray();
        Assert.Equal(2 + K, lines.Length);
        static float[] Floats(string line) =>
            line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        float[] bias = Floats(lines[1]);
        float[] weights = lines.Skip(2).SelectMany(Floats).ToArray();
        Assert.Equal(K, bias.Length);
        Assert.Equal(K * D, weights.Length);
        return (double.Parse(lines[0], CultureInfo.InvariantCulture), bias, weights);
    }
}
