using System.CommandLine;
using System.Globalization;
using System.Text;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax predict`: a model and data in, a CSV of predicted class and per-class probabilities out.</summary>
static class PredictCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file written by 'softmax train --out'", Required = true };
        var data = new Option<string>("--data", "-d") { Description = DataSource.Help + ". A CSV may have the model's feature columns only, or a label column too (ignored)", Required = true };
        var label = new Option<string?>("--label") { Description = "The CSV label column to skip: a header name or a 1-based number" };
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the predictions to this CSV file instead of standard output" };
        var command = new Command("predict", "Predict the class of each row: CSV with 'predicted' and one probability column per class") { model, data, label, outPath };
        command.SetAction(parse =>
        {
            var loaded = ModelFile.Load(parse.GetValue(model)!);
            var (features, rows, _) = DataSource.LoadForModel(parse.GetValue(data)!, parse.GetValue(label), loaded);
            float[] probabilities = loaded.PredictProba(features);   // Ŷ [rows, k]
            int[] predicted = loaded.Predict(features);
            int k = loaded.Classes;

            void Write(TextWriter writer)
            {
                writer.WriteLine("predicted," + string.Join(",", loaded.ClassNames.Select(name => Format.CsvField("p(" + name + ")"))));
                var line = new StringBuilder();
                for (int i = 0; i < rows; i++)
                {
                    line.Clear().Append(Format.CsvField(loaded.ClassNames[predicted[i]]));
                    for (int c = 0; c < k; c++) line.Append(',').Append(probabilities[i * k + c].ToString("R", CultureInfo.InvariantCulture));
                    writer.WriteLine(line);
                }
            }

            if (parse.GetValue(outPath) is string file)
            {
                AtomicFile.Write(file, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    Write(writer);
                });
                output.WriteLine($"Predictions for {rows} rows written to {file}");
            }
            else Write(output);
            return 0;
        });
        return command;
    }
}
