using System.CommandLine;
using SoftmaxSharp.Metrics;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax evaluate`: accuracy, mean cross-entropy and the confusion matrix of a model on labelled data.</summary>
static class EvaluateCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file written by 'softmax train --out'", Required = true };
        var data = new Option<string>("--data", "-d") { Description = DataSource.Help + " (for an IDX directory, its t10k test files)", Required = true };
        var label = new Option<string?>("--label") { Description = "The CSV label column: a header name or a 1-based number (default: the last column)" };
        var delimiter = new Option<string?>("--delimiter") { Description = DataSource.DelimiterHelp };
        var command = new Command("evaluate", "Accuracy, mean cross-entropy and confusion matrix of a model on labelled data") { model, data, label, delimiter };
        command.SetAction(parse =>
        {
            string dataName = parse.GetValue(data)!;
            object any = ClassifierFile.LoadAny(parse.GetValue(model)!);
            if (any is not Models.IClassifier loaded)
                return FamilyCommands.Evaluate(any, dataName, parse.GetValue(label), DataSource.ParseDelimiter(parse.GetValue(delimiter)), output, WriteConfusion);
            var (_, _, labelled) = DataSource.LoadForModel(dataName, parse.GetValue(label), loaded, DataSource.ParseDelimiter(parse.GetValue(delimiter)));
            if (labelled is null)
                throw new UserInputException("the data has no label column, so there is nothing to compare with", "Give labelled data (or use 'softmax predict')", dataName);
            int[] predicted = loaded.Predict(labelled);
            var confusion = new ConfusionMatrix(loaded.ClassNames, labelled.Labels, predicted);

            output.WriteLine($"{labelled.Rows} rows of {dataName}");
            output.WriteLine($"Accuracy       {confusion.Accuracy:F4}");
            output.WriteLine($"Cross-entropy  {loaded.Loss(labelled):F5}  (mean −log ŷ_y)");
            output.WriteLine();
            WriteConfusion(output, confusion);
            return 0;
        });
        return command;
    }

    /// <summary>The confusion matrix and the per-class precision, recall and F1 as tables.</summary>
    static void WriteConfusion(TextWriter output, ConfusionMatrix confusion)
    {
        var console = Terminal.For(output);
        console.Write(Terminal.Confusion(confusion));
        console.Write(Terminal.Scores(new ClassificationReport(confusion)));
    }
}
