using System.Diagnostics;
using System.Globalization;
using System.Text;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Tests.Robustness;

namespace SoftmaxSharp.Tests.Cli;

/// <summary>`softmax train`'s optimizer, regularization, schedule and early-stopping options.</summary>
public sealed class OptimizerCliTests
{
    static void AssertUserError(CliRunner.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("softmax", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("--optimizer", "lbfgs", "Argument 'lbfgs' not recognized")]
    [InlineData("--momentum", "1", "the momentum must be in [0, 1) (got 1)")]
    [InlineData("--beta1", "1.5", "β₁ must be in [0, 1) (got 1.5)")]
    [InlineData("--beta2", "-0.1", "β₂ must be in [0, 1) (got -0.1)")]
    [InlineData("--eps", "0", "ε must be a positive number (got 0)")]
    [InlineData("--weight-decay", "-1", "the weight decay must be a number ≥ 0 (got -1)")]
    [InlineData("--l2", "-0.5", "the L2 penalty λ must be a number ≥ 0 (got -0.5)")]
    [InlineData("--schedule", "linear", "Argument 'linear' not recognized")]
    [InlineData("--step-size", "0", "the schedule's step size must be at least 1 epoch (got 0)")]
    [InlineData("--gamma", "2", "the schedule's γ must be in (0, 1] (got 2)")]
    [InlineData("--min-lr", "5", "the minimum learning rate must be between 0 and the learning rate")]
    [InlineData("--validation-split", "1", "the validation split must be at least 0 and below 1 (got 1)")]
    [InlineData("--patience", "-2", "the patience must be 0 (no early stopping) or a number of epochs ≥ 1 (got -2)")]
    [InlineData("--patience", "3", "--patience needs --validation-split")]
    [InlineData("--momentum", "abc", "abc")]
    public void OutOfRangeValues_AreOneLineUserErrors(string option, string value, string message)
    {
        string[] optimizer = option switch
        {
            "--beta1" or "--beta2" or "--eps" => ["--optimizer", "adam"],
            "--momentum" => ["--optimizer", "momentum"],
            "--step-size" => ["--schedule", "step"],
            "--gamma" => ["--schedule", "exp"],
            "--min-lr" => ["--schedule", "cosine"],
            _ => [],
        };
        AssertUserError(CliRunner.Run(["train", "--epochs", "2", .. optimizer, option, value]), message);
    }

    [Theory]
    [InlineData("--beta1", "0.8", "--beta1 applies only to adam and adamw")]
    [InlineData("--eps", "1e-6", "--eps applies only to adagrad, rmsprop, adam and adamw")]
    [InlineData("--gamma", "0.5", "--gamma applies only to --schedule step and exp")]
    [InlineData("--min-lr", "0.01", "--min-lr applies only to --schedule cosine")]
    public void AnOptionTheOptimizerOrScheduleDoesNotUse_IsAUserError(string option, string value, string message) =>
        AssertUserError(CliRunner.Run("train", "--epochs", "2", option, value), message);

    [Fact]
    public void LogisticRegression_TrainsWithAdamAndACosineSchedule_AndStopsEarlyOnAValidationSplit()
    {
        var adam = CliRunner.Run("train", "--model", "logistic", "--classes", "setosa,versicolor", "--epochs", "5", "--optimizer", "adam", "--lr", "0.05", "--schedule", "cosine");
        Assert.True(adam.ExitCode == 0, adam.Error);
        var early = CliRunner.Run("train", "--model", "logistic", "--classes", "versicolor,virginica", "--epochs", "300", "--lr", "1",
            "--validation-split", "0.25", "--patience", "3");
        Assert.True(early.ExitCode == 0, early.Error);
        Assert.Contains("Validating on 25% of the 80 training rows (seed 0); early stopping after 3 epochs without improvement.", early.Output);
        Assert.Contains("  val loss", early.Output);
        Assert.Contains("Stopped: early stopping", early.Output);
    }

    [Fact]
    public void LinearRegression_HoldsOutAValidationSplit()
    {
        using var directory = new TempDirectory();
        string csv = directory.File("line.csv");
        File.WriteAllLines(csv, ["x,y", .. Enumerable.Range(0, 50).Select(i => $"{i},{2 * i + 1}")]);
        var run = CliRunner.Run("train", "--model", "linear", "--data", csv, "--epochs", "5", "--validation-split", "0.2");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Validating on 20% of the 40 training rows", run.Output);
        Assert.Contains("Stopped: completed 5 epochs", run.Output);
    }

    [Fact]
    public void SgdWithMomentum_IsTheMomentumOptimizer_AsInPyTorch()
    {
        var sgd = CliRunner.Run("train", "--epochs", "3", "--momentum", "0.9");
        Assert.True(sgd.ExitCode == 0, sgd.Error);
        Assert.Contains("Optimizer momentum (μ 0.9).", sgd.Output);
    }

    [Fact]
    public void AdamWithCosineScheduleL2AndEarlyStopping_SaysWhatItDoes()
    {
        var result = CliRunner.Run("train", "--optimizer", "adam", "--lr", "0.05", "--epochs", "40", "--l2", "0.001", "--schedule", "cosine",
            "--validation-split", "0.2", "--patience", "3");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Optimizer adam (β₁ 0.9, β₂ 0.999, ε 1E-08), L2 λ 0.001, cosine schedule (to 0 at epoch 40).", result.Output);
        Assert.Contains("Validating on 24 of the 120 training rows (20%, seed 0), training on 96; early stopping after 3 epochs without improvement.", result.Output);
        Assert.Contains("val loss", result.Output);
        Assert.Contains("objective", result.Output);
        Assert.Contains("Stopped: ", result.Output);
    }

    [Fact]
    public void OptionsRoundTripThroughTheCheckpoint()
    {
        using var temp = new TempDirectory();
        string checkpoint = temp.File("checkpoint.json");
        var result = CliRunner.Run("train", "--epochs", "4", "--optimizer", "rmsprop", "--lr", "0.01", "--momentum", "0.5", "--eps", "1e-6", "--weight-decay", "0.01",
            "--l2", "0.002", "--schedule", "step", "--step-size", "3", "--gamma", "0.7", "--validation-split", "0.25", "--patience", "9",
            "--checkpoint", checkpoint, "--checkpoint-every", "2");
        Assert.True(result.ExitCode == 0, result.Error);

        var options = CheckpointFile.Load(checkpoint).Options;
        Assert.Equal(OptimizerKind.RmsProp, options.Optimizer);
        Assert.Equal((0.01f, 0.5f, 1e-6f, 0.01f), (options.LearningRate, options.Momentum, options.Epsilon, options.WeightDecay));
        Assert.Equal((0.002, ScheduleKind.Step, 3, 0.7), (options.L2, options.Schedule, options.StepSize, options.Gamma));
        Assert.Equal((0.25, 9), (options.ValidationSplit, options.Patience));
        Assert.NotNull(CheckpointFile.Load(checkpoint).State.Optimizer);
    }

    static string GenerateCsv(string path, int rows, int features)
    {
        var random = new Random(321);
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(0, features).Select(j => $"f{j}")).Append(",label\n");
        for (int i = 0; i < rows; i++)
        {
            int c = random.Next(4);
            for (int j = 0; j < features; j++)
                text.Append(((j % 4 == c ? 1.0 : 0.0) + random.NextDouble() * 2).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
            text.Append("class").Append(c).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>As ResumeTests' SIGKILL test, with Adam, L2, a step schedule and a validation split: the optimizer state travels in the checkpoint.</summary>
    [Fact]
    public void AdamKilledWithSigkill_ThenResumed_GivesAByteIdenticalModelFile()
    {
        using var temp = new TempDirectory();
        string data = GenerateCsv(temp.File("data.csv"), rows: 10_000, features: 24);
        string uninterrupted = temp.File("uninterrupted.json"), model = temp.File("model.json"), checkpoint = temp.File("checkpoint.json");
        string[] training = ["train", "--data", data, "--epochs", "150", "--seed", "7", "--init", "random", "--batch-size", "16",
            "--optimizer", "adam", "--lr", "0.01", "--l2", "0.0001", "--schedule", "step", "--step-size", "20", "--gamma", "0.5", "--validation-split", "0.1"];

        var whole = CliRunner.Run([.. training, "--out", uninterrupted]);
        Assert.True(whole.ExitCode == 0, whole.Error);

        using (var child = ChildProcess.Start(null, [.. training, "--out", model, "--checkpoint", checkpoint, "--checkpoint-every", "5"]))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(checkpoint) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(10);
            Assert.True(File.Exists(checkpoint), $"no checkpoint after {clock.Elapsed.TotalSeconds:F0} s: {(child.HasExited ? child.StandardError.ReadToEnd() : "still running")}");
            Assert.False(child.HasExited, "the run finished before it could be killed; give it more epochs");
            child.Kill();                                         // SIGKILL: no chance to clean up
            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        Assert.False(File.Exists(model));
        var saved = CheckpointFile.Load(checkpoint);
        Assert.Equal(["exp_avg", "exp_avg_sq"], saved.State.Optimizer!.Names);
        Assert.InRange(saved.State.Epoch, 5, 145);

        var resumed = CliRunner.Run("train", "--resume", checkpoint);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"Resuming from {checkpoint} after epoch {saved.State.Epoch}.", resumed.Output);
        Assert.Contains("Optimizer adam", resumed.Output);
        Assert.Equal(File.ReadAllBytes(uninterrupted), File.ReadAllBytes(model));
    }
}
