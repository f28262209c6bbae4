using System.Diagnostics;
using System.Globalization;
using System.Text;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Tests.Cli;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Robustness;



/// <summary>Issue 6: checkpoints, and a resumed run that ends bit-identical to one never interrupted.</summary>
public sealed class ResumeTests
{
    /// <summary>A CSV of <paramref name="rows"/> samples of <paramref name="features"/> features in 4 overlapping Gaussian classes.</summary>
    static string GenerateCsv(string path, int rows, int features)
    {
        var random = new Random(123);
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

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void ResumingFromAnyEpoch_IsBitIdenticalToAnUninterruptedRun(int stopAfter)
    {
        Dataset iris = EmbeddedDatasets.Load("iris");
        var options = new TrainingOptions { Epochs = 9, BatchSize = 8, Seed = 5, Initialization = Initialization.Random, Scaling = Scaling.Standardize };
        var whole = new SoftmaxRegression();
        var wholeHistory = whole.Fit(iris, options);

        TrainingCheckpoint? saved = null;
        new SoftmaxRegression().Fit(iris, options with { CheckpointEvery = 1, OnCheckpoint = c => { if (c.Epoch == stopAfter) saved = c; } });
        var resumed = new SoftmaxRegression();
        var resumedHistory = resumed.Fit(iris, options, resume: saved);

        Assert.Equal(FloatBits.Of(whole.Weights), FloatBits.Of(resumed.Weights));
        Assert.Equal(FloatBits.Of(whole.Bias), FloatBits.Of(resumed.Bias));
        Assert.Equal(wholeHistory.Epochs.Select(e => e.TrainLoss), resumedHistory.Epochs.Select(e => e.TrainLoss));
    }

    [Fact]
    public void CheckpointFile_RoundTripsAndRefusesAnEdit()
    {
        using var temp = new TempDirectory();
        string path = temp.File("checkpoint.json");
        Dataset iris = EmbeddedDatasets.Load("iris");
        var options = new TrainingOptions { Epochs = 3, Seed = 9, Scaling = Scaling.MinMax, CheckpointEvery = 2 };
        var scaler = FeatureScaler.Fit(options.Scaling, iris);
        TrainingCheckpoint? last = null;
        new SoftmaxRegression().Fit(iris, options with { OnCheckpoint = c => { last = c; CheckpointFile.Save(path, c, iris.FeatureNames, iris.ClassNames, scaler, options, new Dictionary<string, string> { ["data"] = "iris" }); } });

        var loaded = CheckpointFile.Load(path);
        Assert.Equal(3, loaded.State.Epoch);
        Assert.Equal(FloatBits.Of(last!.Weights), FloatBits.Of(loaded.State.Weights));
        Assert.Equal(last.History.Select(e => e.TrainLoss), loaded.State.History.Select(e => e.TrainLoss));
        Assert.Equal(options with { OnCheckpoint = null }, loaded.Options);
        Assert.Equal("iris", loaded.Run["data"]);

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"epoch\": 3,", "\"epoch\": 2,"));
        Assert.Contains("the checkpoint's checksum does not match its content", Assert.Throws<UserInputException>(() => CheckpointFile.Load(path)).Message);
    }

    [Fact]
    public void KilledWithSigkill_ThenResumed_GivesAByteIdenticalModelFile()
    {
        using var temp = new TempDirectory();
        string data = GenerateCsv(temp.File("data.csv"), rows: 10_000, features: 24);
        string uninterrupted = temp.File("uninterrupted.json"), model = temp.File("model.json"), checkpoint = temp.File("checkpoint.json");
        string[] training = ["train", "--data", data, "--epochs", "150", "--seed", "7", "--init", "random", "--batch-size", "16"];

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
        Assert.False(File.Exists(model));                         // killed before the end: no model yet
        int killedAfter = CheckpointFile.Load(checkpoint).State.Epoch;
        Assert.InRange(killedAfter, 5, 145);

        var resumed = CliRunner.Run("train", "--resume", checkpoint);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"Resuming from {checkpoint} after epoch {killedAfter}.", resumed.Output);
        Assert.Equal(File.ReadAllBytes(uninterrupted), File.ReadAllBytes(model));
        Assert.Equal(150, CheckpointFile.Load(checkpoint).State.Epoch);   // the last checkpoint is the finished run
    }

    [Fact]
    public void ResumeWithChangedData_IsRefused()
    {
        using var temp = new TempDirectory();
        string data = temp.File("data.csv", "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n1,3,x\n3,5,y\n5,7,x\n7,9,y\n1,1,x\n3,3,y\n");
        string checkpoint = temp.File("checkpoint.json");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--epochs", "4", "--checkpoint", checkpoint, "--checkpoint-every", "2").ExitCode);
        File.WriteAllText(data, File.ReadAllText(data).Replace("7,9,y", "70,90,y"));

        var result = CliRunner.Run("train", "--resume", checkpoint);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the training data differ from those the checkpoint was made with. Resume with the same data file, unchanged", result.Error);
    }
}
