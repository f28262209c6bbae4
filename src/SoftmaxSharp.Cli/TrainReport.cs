using System.CommandLine;
using SoftmaxSharp.Data;
using SoftmaxSharp.Metrics;
using SoftmaxSharp.Models;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>What `softmax train` shows after training: the test set's confusion matrix and scores as tables, and the --report directory.</summary>
static class TrainReport
{
    public static Option<string?> ReportOption() => new("--report") { Description = "Write an HTML report (learning curves, confusion matrix, per-class scores, weight images or decision regions) and its charts into this directory" };

    /// <summary>Fails before training, not after, when the report could not be written.</summary>
    public static void CheckDirectory(string? directory)
    {
        if (directory is not null && File.Exists(directory))
            throw new UserInputException("--report names a file; it needs a directory (created if missing)", "Give a directory name, e.g. --report report", directory);
    }

    public static void WriteTables(TextWriter output, SoftmaxRegression model, Dataset test)
    {
        var confusion = new ConfusionMatrix(model.ClassNames, test.Labels, model.Predict(test));
        var console = Terminal.For(output);
        console.Write(Terminal.Confusion(confusion));
        console.Write(Terminal.Scores(new ClassificationReport(confusion)));
    }

    public static void Write(TextWriter output, string? directory, string dataName, SoftmaxRegression model, Dataset train, Dataset test, IReadOnlyList<EpochResult> history)
    {
        if (directory is null) return;
        ModelReport.Write(directory, model, test, history, trainingPoints: train, title: $"Softmax regression on {dataName}");
        output.WriteLine($"Report written to {Path.Combine(directory, "index.html")}");
    }
}
