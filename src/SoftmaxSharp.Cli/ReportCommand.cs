using System.CommandLine;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax report MODEL --data … --out DIR`: the HTML report of a saved model on labelled data.</summary>
static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Argument<string>("model") { Description = "The model file written by 'softmax train --out' (softmax regression or a network)" };
        var data = new Option<string>("--data", "-d") { Description = DataSource.Help + " (for an IDX directory, its t10k test files)", Required = true };
        var label = new Option<string?>("--label") { Description = "The CSV label column: a header name or a 1-based number (default: the last column)" };
        var delimiter = new Option<string?>("--delimiter") { Description = DataSource.DelimiterHelp };
        var history = new Option<string?>("--history") { Description = "The training history for the learning curves: the history.csv of an earlier report, or a checkpoint file (default: history.csv in --out, if there)" };
        var outPath = new Option<string>("--out", "-o") { Description = "The directory to write index.html and the charts into (created if missing)", Required = true };
        var command = new Command("report", "Write an HTML report of a saved model on labelled data: confusion matrix, per-class scores, weight images or decision regions, and learning curves when the history is given")
        {
            model, data, label, delimiter, history, outPath,
        };
        command.SetAction(parse =>
        {
            string dataName = parse.GetValue(data)!, directory = parse.GetValue(outPath)!;
            TrainReport.CheckDirectory(directory);
            var loaded = ClassifierFile.Load(parse.GetValue(model)!);   // softmax regression or a network
            var (_, _, labelled) = DataSource.LoadForModel(dataName, parse.GetValue(label), loaded, DataSource.ParseDelimiter(parse.GetValue(delimiter)));
            if (labelled is null)
                throw new UserInputException("the data has no label column, so there is nothing to compare with", "Give labelled data", dataName);
            IReadOnlyList<EpochResult>? epochs = LoadHistory(parse.GetValue(history), directory);
            if (epochs is null)
                output.WriteLine("No training history given (--history: a report's history.csv or a checkpoint), so the report has no learning curves.");
            var files = ModelReport.Write(directory, loaded, labelled, epochs, title: $"{Path.GetFileName(parse.GetValue(model))} on {dataName}");
            output.WriteLine($"Report written to {Path.Combine(directory, "index.html")} ({files.Count} files)");
            return 0;
        });
        return command;
    }

    /// <summary>The history from a history CSV or a checkpoint file; without --history, history.csv in the output directory (an earlier report) if there.</summary>
    static IReadOnlyList<EpochResult>? LoadHistory(string? file, string directory)
    {
        if (file is null)
        {
            string previous = Path.Combine(directory, "history.csv");
            return File.Exists(previous) ? HistoryCsv.Load(previous) : null;
        }
        if (!File.Exists(file)) throw new UserInputException("no such file", "Give a report's history.csv or a checkpoint file", file);
        using (var reader = new StreamReader(file))
            if (reader.ReadLine()?.StartsWith("epoch,", StringComparison.Ordinal) == true) return HistoryCsv.Load(file);
        return CheckpointFile.Load(file).State.History;
    }
}
