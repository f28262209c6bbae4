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
            object any = ModelFile.LoadAny(parse.GetValue(model)!);
            if (any is not Models.SoftmaxRegression loaded)
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

    static void WriteConfusion(TextWriter output, ConfusionMatrix confusion)
    {
        var names = confusion.ClassNames;
        int k = names.Count;
        int nameWidth = Math.Max("true \\ predicted".Length, names.Max(n => n.Length));
        var widths = names.Select(n => Math.Max(n.Length, Math.Max(5, confusion.Total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length))).ToArray();
        output.WriteLine("Confusion matrix (rows: true class, columns: predicted class)");
        output.WriteLine("true \\ predicted".PadRight(nameWidth) + string.Concat(names.Select((n, c) => "  " + n.PadLeft(widths[c]))));
        for (int r = 0; r < k; r++)
            output.WriteLine(names[r].PadRight(nameWidth) + string.Concat(Enumerable.Range(0, k).Select(c => "  " + confusion.Counts[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(widths[c]))));
    }
}
