using System.Globalization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Cli;

/// <summary>train --report and --quiet, and the report, compare and tune verbs, as their output reads off a terminal.</summary>
public class ReportCliTests
{
    [Fact]
    public void Train_PrintsPlainEpochLines_AndTables_OffATerminal()
    {
        var result = CliRunner.Run("train", "--epochs", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(" epoch       loss  accuracy  test loss  test acc", result.Output);
        Assert.Contains("\n     3  ", result.Output);
        Assert.DoesNotContain("\u001b[", result.Output);         // no escape codes
        Assert.Contains("│ true \\ predicted │ setosa │ versicolor │ virginica │", result.Output);
        Assert.Contains("│ macro avg    │", result.Output);
    }

    [Fact]
    public void Train_Quiet_PrintsNoProgress_ButTheResults()
    {
        var result = CliRunner.Run("train", "--epochs", "3", "--quiet");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("loss  accuracy  test loss", result.Output);   // the epoch table's header
        Assert.DoesNotContain("\n     1  ", result.Output);
        Assert.Contains("Train accuracy", result.Output);
    }

    [Fact]
    public void Train_Report_WritesTheHtmlAndEveryChart()
    {
        using var temp = new TempDirectory();
        string report = temp.File("report");
        var result = CliRunner.Run("train", "--data", "iris-2d-3c", "--test", "iris-2d-3c", "--epochs", "20", "--report", report);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"Report written to {Path.Combine(report, "index.html")}", result.Output);
        Assert.Equal(["confusion.svg", "decision-regions.svg", "history.csv", "index.html", "learning-accuracy.svg", "learning-loss.svg"],
            Directory.GetFiles(report).Select(Path.GetFileName).Order());
        Assert.Equal(20, HistoryCsv.Load(Path.Combine(report, "history.csv")).Length);
    }

    [Fact]
    public void Train_ReportIntoAFile_IsRefusedBeforeTraining()
    {
        using var temp = new TempDirectory();
        string file = temp.File("taken.txt", "x");
        var result = CliRunner.Run("train", "--epochs", "3", "--report", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--report names a file; it needs a directory", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Report_OfASavedModel_SaysWhenThereIsNoHistory_AndUsesOneWhenGiven()
    {
        using var temp = new TempDirectory();
        string model = temp.File("model.json"), checkpoint = temp.File("run.ckpt");
        Assert.Equal(0, CliRunner.Run("train", "--epochs", "6", "--out", model, "--checkpoint", checkpoint, "--checkpoint-every", "3", "--quiet").ExitCode);

        var bare = CliRunner.Run("report", model, "--data", "iris", "--out", temp.File("bare"));
        Assert.True(bare.ExitCode == 0, bare.Error);
        Assert.Contains("No training history given", bare.Output);
        Assert.False(File.Exists(temp.File("bare/learning-loss.svg")));
        Assert.Contains("No training history was available", File.ReadAllText(temp.File("bare/index.html")));

        var withHistory = CliRunner.Run("report", model, "--data", "iris", "--out", temp.File("full"), "--history", checkpoint);
        Assert.True(withHistory.ExitCode == 0, withHistory.Error);
        Assert.DoesNotContain("No training history", withHistory.Output);
        Assert.Equal(6, HistoryCsv.Load(temp.File("full/history.csv")).Length);
        Assert.True(File.Exists(temp.File("full/learning-accuracy.svg")));

        var again = CliRunner.Run("report", model, "--data", "iris", "--out", temp.File("full"));   // finds the history.csv already there
        Assert.DoesNotContain("No training history", again.Output);
    }

    [Fact]
    public void Report_OfASavedNetwork_HasItsDecisionRegions()
    {
        using var temp = new TempDirectory();
        string model = temp.File("net.json");
        Assert.Equal(0, CliRunner.Run("train", "--data", "iris-2d-3c", "--test", "iris-2d-3c", "--hidden", "8", "--epochs", "20", "--out", model).ExitCode);

        var result = CliRunner.Run("report", model, "--data", "iris-2d-3c", "--out", temp.File("r"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(temp.File("r/decision-regions.svg")));
        Assert.False(File.Exists(temp.File("r/weights.png")));
    }

    [Fact]
    public void Report_NeedsAModelAndData()
    {
        Assert.Equal(2, CliRunner.Run("report", "--data", "iris", "--out", "x").ExitCode);
        using var temp = new TempDirectory();
        var result = CliRunner.Run("report", temp.File("missing.json"), "--data", "iris", "--out", temp.File("r"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("softmax: ", result.Error);
    }

    [Fact]
    public void Tune_RanksTheGrid_SavesTheBest_AndDoesNotDependOnParallelism()
    {
        using var temp = new TempDirectory();
        string[] tune = ["tune", "--lr", "0.001,0.01,0.1,1", "--batch-size", "8,32", "--epochs", "15", "--quiet"];
        var one = CliRunner.Run([.. tune, "--parallel", "1", "--out", temp.File("one.json")]);
        var four = CliRunner.Run([.. tune, "--parallel", "4", "--out", temp.File("four.json")]);

        Assert.True(one.ExitCode == 0, one.Error);
        Assert.Contains("Tuning on iris: 8 configurations × 15 epochs on 120 rows, ranked by accuracy on 30 rows", one.Output);
        Assert.Contains("Ranked by validation accuracy", one.Output);
        Assert.Equal(one.Output.Replace("one.json", "X"), four.Output.Replace("four.json", "X"));
        Assert.Equal(File.ReadAllBytes(temp.File("one.json")), File.ReadAllBytes(temp.File("four.json")));

        // the best row is first, and it is the saved model: its accuracy on the same validation split
        var rows = one.Output.Split('\n').Where(l => l.StartsWith("│", StringComparison.Ordinal) && char.IsDigit(l.Trim('│', ' ')[0])).ToArray();
        Assert.Equal(8, rows.Length);
        double[] accuracies = rows.Select(r => double.Parse(r.Split('│', StringSplitOptions.TrimEntries)[5], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(accuracies.OrderDescending(), accuracies);
        var (_, validation) = EmbeddedDatasets.Load("iris").Split(0.2, 0);
        Assert.Equal(accuracies[0], ModelFile.Load(temp.File("one.json")).Score(validation), 1e-4);
    }

    [Fact]
    public void Tune_L2_IsPartOfTheGrid_AndOfTheSavedModelsTraining()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("tune", "--lr", "0.1", "--l2", "0,0.01,1", "--epochs", "10", "--out", temp.File("best.json"), "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("3 configurations", result.Output);
        Assert.Contains("│    1 │ 0.1 │    32 │    0 │", result.Output);   // the three tie on accuracy here; the lowest validation loss (no penalty) ranks first
        Assert.Contains("│    3 │ 0.1 │    32 │    1 │", result.Output);
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, 0);
        var direct = new SoftmaxRegression();
        direct.Fit(train, new TrainingOptions { Epochs = 10, Scaling = Scaling.Standardize, L2 = 0 }, validation);
        Assert.Equal(direct.Weights, ModelFile.Load(temp.File("best.json")).Weights);
    }

    [Theory]
    [InlineData("0.1,abc", "--lr: 'abc' is not a number")]
    [InlineData("0.1 --l2 -1", "the L2 penalty λ must be a number ≥ 0 (got -1)")]
    [InlineData("0,0.1", "the learning rate must be a positive number (got 0)")]
    public void Tune_BadGrid_IsOneLine(string rates, string message)
    {
        var result = CliRunner.Run(["tune", "--lr", .. rates.Split(' '), "--epochs", "2"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Compare_BatchExperiment_DrawsBothRunsOnOneChart_WithTheHistoriesTrainWouldGive()
    {
        using var temp = new TempDirectory();
        string directory = temp.File("compare");
        var result = CliRunner.Run("compare", "--experiment", "batch", "--epochs", "4", "--out", directory, "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Comparing 2 configurations on iris: 120 training rows, validating on 30 rows", result.Output);
        Assert.Contains("│ batch 1 ", result.Output);
        Assert.Contains("│ batch 32 ", result.Output);
        Assert.Equal(["compare-accuracy.svg", "compare-loss.svg", "history-1-batch-1.csv", "history-2-batch-32.csv", "index.html"],
            Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        string chart = File.ReadAllText(Path.Combine(directory, "compare-loss.svg"));
        foreach (string name in new[] { "batch 1 train", "batch 1 validation", "batch 32 train", "batch 32 validation" }) Assert.Contains(">" + name + "<", chart);

        // a configuration is just train options: its curve is what Fit gives with them on the same split
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, 0);
        var direct = new SoftmaxRegression().Fit(train, new TrainingOptions { Epochs = 4, BatchSize = 1, Scaling = Scaling.Standardize }, validation);
        var drawn = HistoryCsv.Load(Path.Combine(directory, "history-1-batch-1.csv"));
        Assert.Equal(direct.Epochs.Select(e => (e.TrainLoss, e.ValidationAccuracy)), drawn.Select(e => (e.TrainLoss, e.ValidationAccuracy)));
    }

    [Fact]
    public void Compare_Optimizers_TrainsSeed003sFiveOptimizers_EachAsTrainWould()
    {
        using var temp = new TempDirectory();
        string directory = temp.File("optimizers");
        var result = CliRunner.Run("compare", "--experiment", "optimizers", "--epochs", "3", "--out", directory, "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (string name in new[] { "SGD", "momentum", "Adagrad", "RMSprop", "Adam" }) Assert.Contains($"│ {name} ", result.Output);
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, 0);
        var adam = new SoftmaxRegression().Fit(train, new TrainingOptions { Epochs = 3, LearningRate = 0.001f, Optimizer = SoftmaxSharp.Optimizers.OptimizerKind.Adam, Scaling = Scaling.Standardize }, validation);
        Assert.Equal(adam.Epochs.Select(e => e.TrainLoss), HistoryCsv.Load(Path.Combine(directory, "history-5-Adam.csv")).Select(e => e.TrainLoss));
    }

    [Fact]
    public void Compare_LayersBatch_TrainsSoftmaxRegressionAndATwoLayerNetwork()
    {
        using var temp = new TempDirectory();
        string directory = temp.File("layers");
        var result = CliRunner.Run("compare", "--experiment", "layers-batch", "--epochs", "2", "--out", directory, "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (string name in new[] { "l1_b1", "l1_b32", "l2_b1", "l2_b32" }) Assert.Contains($"│ {name} ", result.Output);
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, 0);
        var network = new NeuralNetwork([10]).Fit(train, new TrainingOptions { Epochs = 2, BatchSize = 32, Scaling = Scaling.Standardize }, validation);
        Assert.Equal(network.Epochs.Select(e => e.TrainLoss), HistoryCsv.Load(Path.Combine(directory, "history-4-l2_b32.csv")).Select(e => e.TrainLoss));
    }

    [Fact]
    public void Compare_Configs_AreNamedOptionStrings()
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("compare", "--config", "batch-size=150", "--config", "name=fast,lr=0.5,epochs=3", "--epochs", "2", "--out", temp.File("c"), "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("│ batch-size=150 │ 0.1 │   150 │      2 │", result.Output);
        Assert.Contains("│ fast           │ 0.5 │    32 │      3 │", result.Output);
    }

    [Theory]
    [InlineData("bogus=1", "'bogus=1' is not key=value with a known key")]
    [InlineData("lr=fast", "lr=fast is not a number")]
    [InlineData("batch-size=0", "the batch size must be at least 1 (got 0)")]
    [InlineData("optimizer=lion", "optimizer=lion is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")]
    [InlineData("hidden=0", "hidden=0 is not layer sizes ≥ 1")]
    public void Compare_BadConfig_IsOneLine(string config, string message)
    {
        using var temp = new TempDirectory();
        var result = CliRunner.Run("compare", "--config", config, "--out", temp.File("c"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void Compare_WithNothingToCompare_SaysWhatToGive()
    {
        var result = CliRunner.Run("compare");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nothing to compare. Give --experiment batch|layers-batch|optimizers, or", result.Error);
    }

    [Fact]
    public void Progress_OnATerminal_ShowsSamplesPerSecondAndTimeLeft()
    {
        var output = new StringWriter();
        var progress = new SoftmaxSharp.Cli.TrainProgress(output, quiet: false, epochs: 3, rows: 120, interactive: true);
        var iris = EmbeddedDatasets.Load("iris");
        progress.Run(() => new SoftmaxRegression().Fit(iris, new TrainingOptions { Epochs = 3, OnEpoch = progress.OnEpoch }));

        Assert.Contains("\u001b[", output.ToString());            // a live display: escape codes
        Assert.Contains("     3  ", output.ToString());           // the epoch lines above it
    }

    [Fact]
    public void ProgressStatus_ReadsAsAPersonWouldSayIt() =>
        Assert.Equal("epoch 2/10  loss 0.50000  acc 0.8000  2,000 samples/s  0:04 left",
            SoftmaxSharp.Cli.TrainProgress.Status(new EpochResult(2, 0.5, 0.8, double.NaN, double.NaN, TimeSpan.FromSeconds(1)), 0, 10, 1000));
}
