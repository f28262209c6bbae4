using System.Globalization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Training;
using Xunit.Abstractions;

namespace SoftmaxSharp.Tests.Optimizers;

/// <summary>
/// Every optimizer, weight decay, L2 and schedule against PyTorch (tests/reference/torch_optimizers_reference.py):
/// 5 epochs, batches of 4 in file order, on a 20-row slice of Iris (raw features), from zero weights; W and b after
/// the run and the per-epoch losses agree to ≤ 1e-5. Largest difference measured: see the test output.
/// </summary>
public sealed class OptimizerPyTorchTests(ITestOutputHelper output)
{
    static readonly TrainingOptions Base = new() { Epochs = 5, BatchSize = 4, Shuffle = false, Scaling = Scaling.None, Initialization = Initialization.Zeros };

    public static TheoryData<string> Cases => new(CaseOptions.Keys);

    static readonly Dictionary<string, TrainingOptions> CaseOptions = new()
    {
        ["sgd"] = Base with { LearningRate = 0.1f },
        ["momentum"] = Base with { Optimizer = OptimizerKind.Momentum, LearningRate = 0.05f, Momentum = 0.9f },
        ["nesterov"] = Base with { Optimizer = OptimizerKind.Nesterov, LearningRate = 0.05f },
        ["sgd_weight_decay"] = Base with { LearningRate = 0.1f, WeightDecay = 0.1f },
        ["sgd_l2"] = Base with { LearningRate = 0.1f, L2 = 0.1 },
        ["adagrad"] = Base with { Optimizer = OptimizerKind.Adagrad, LearningRate = 0.1f },
        ["rmsprop"] = Base with { Optimizer = OptimizerKind.RmsProp, LearningRate = 0.01f },
        ["rmsprop_centered_momentum"] = Base with { Optimizer = OptimizerKind.RmsProp, LearningRate = 0.01f, Momentum = 0.9f, Centered = true },
        ["adam"] = Base with { Optimizer = OptimizerKind.Adam, LearningRate = 0.01f },
        ["adam_weight_decay"] = Base with { Optimizer = OptimizerKind.Adam, LearningRate = 0.01f, WeightDecay = 0.1f },
        ["adamw"] = Base with { Optimizer = OptimizerKind.AdamW, LearningRate = 0.01f, WeightDecay = 0.1f },
        ["sgd_step"] = Base with { LearningRate = 0.1f, Schedule = ScheduleKind.Step, StepSize = 2, Gamma = 0.5 },
        ["sgd_exp"] = Base with { LearningRate = 0.1f, Schedule = ScheduleKind.Exponential, Gamma = 0.8 },
        ["sgd_cosine"] = Base with { LearningRate = 0.1f, Schedule = ScheduleKind.Cosine, MinLearningRate = 0.01 },
        ["adam_cosine"] = Base with { Optimizer = OptimizerKind.Adam, LearningRate = 0.01f, Schedule = ScheduleKind.Cosine },
    };

    /// <summary>Rows 0, 7, 14, …, 133 of the embedded Iris: all three classes.</summary>
    internal static Dataset IrisSlice() => EmbeddedDatasets.Load("iris").Subset(Enumerable.Range(0, 20).Select(i => 7 * i).ToArray());

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainingMatchesPyTorch(string name)
    {
        var expected = Reference.Case(name);
        var model = new SoftmaxRegression();

        var history = model.Fit(IrisSlice(), CaseOptions[name]);

        double worst = Math.Max(MaxDifference(expected["W"], model.Weights), MaxDifference(expected["b"], model.Bias));
        double worstLoss = expected["loss"].Zip(history.Epochs, (e, a) => Math.Abs(e - a.TrainLoss)).Max();
        output.WriteLine($"{name}: max |ΔW|, |Δb| = {worst:E2}; max |Δloss| = {worstLoss:E2}");
        Assert.True(worst <= 1e-5, $"{name}: W, b differ from PyTorch's by up to {worst:E2}");
        Assert.True(worstLoss <= 1e-5, $"{name}: the epoch losses differ from PyTorch's by up to {worstLoss:E2}");
    }

    [Theory]
    [InlineData("step", ScheduleKind.Step)]
    [InlineData("exp", ScheduleKind.Exponential)]
    [InlineData("cosine", ScheduleKind.Cosine)]
    public void ScheduleRatesMatchPyTorchSchedulers(string name, ScheduleKind kind)
    {
        double[] expected = Reference.Rates(name);
        var schedule = new LearningRateSchedule(kind, 0.1, StepSize: 3, Gamma: kind == ScheduleKind.Step ? 0.5 : 0.9, Epochs: 12, MinRate: 0.001);

        for (int e = 0; e < expected.Length; e++)
            Assert.Equal(expected[e], schedule.Rate(e), 1e-15);
    }

    static double MaxDifference(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }

    /// <summary>tests/SoftmaxSharp.Tests/Data/torch_optimizers.txt</summary>
    static class Reference
    {
        static readonly string[] Lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "torch_optimizers.txt"));

        public static Dictionary<string, double[]> Case(string name)
        {
            int start = Array.IndexOf(Lines, "case " + name);
            Assert.True(start >= 0, $"no case {name} in torch_optimizers.txt");
            return Lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("case ") && !line.StartsWith("lr "))
                .Select(line => line.Split(':', 2)).ToDictionary(parts => parts[0], parts => Numbers(parts[1]));
        }

        public static double[] Rates(string name) => Numbers(Lines.Single(line => line.StartsWith($"lr {name}:")).Split(':', 2)[1]);

        static double[] Numbers(string text) =>
            text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
