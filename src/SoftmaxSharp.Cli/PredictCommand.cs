using System.CommandLine;
using System.Globalization;
using System.Text;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Cli;

/// <summary>
/// `softmax predict`: a model and data in, a CSV of predicted class and per-class probabilities out.
/// A CSV input is streamed: read <see cref="ChunkRows"/> rows, predict, write, repeat — so memory stays
/// bounded by the chunk, not the file.
/// </summary>
static class PredictCommand
{
    /// <summary>Rows per chunk when streaming a CSV: with d features and k classes it holds about ChunkRows·(4d + 4k + 100) bytes.</summary>
    public const int ChunkRows = 4096;

    public static Command Create(TextWriter output)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file written by 'softmax train --out'", Required = true };
        var data = new Option<string>("--data", "-d") { Description = DataSource.Help + ". A CSV may have the model's feature columns only, or a label column too (ignored); it is streamed, so it may be larger than memory", Required = true };
        var label = new Option<string?>("--label") { Description = "The CSV label column to skip: a header name or a 1-based number" };
        var delimiter = new Option<string?>("--delimiter") { Description = DataSource.DelimiterHelp };
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the predictions to this CSV file instead of standard output (atomically: all or nothing)" };
        var command = new Command("predict", "Predict the class of each row: CSV with 'predicted' and one probability column per class") { model, data, label, delimiter, outPath };
        command.SetAction(parse =>
        {
            object any = ModelFile.LoadAny(parse.GetValue(model)!);
            string dataName = parse.GetValue(data)!;
            char? separator = DataSource.ParseDelimiter(parse.GetValue(delimiter));
            if (any is not SoftmaxRegression loaded) return FamilyCommands.Predict(any, dataName, parse.GetValue(label), separator, parse.GetValue(outPath), output);
            IEnumerable<(float[] Features, int Rows)> chunks = DataSource.IsCsv(dataName)
                ? DataSource.StreamForModel(dataName, parse.GetValue(label), loaded, separator, ChunkRows).Select(t => (t.Features, t.Rows))
                : [Whole(DataSource.LoadForModel(dataName, parse.GetValue(label), loaded, separator))];

            long Write(TextWriter writer)
            {
                writer.WriteLine("predicted," + string.Join(",", loaded.ClassNames.Select(name => Format.CsvField("p(" + name + ")"))));
                long rows = 0;
                foreach (var (features, count) in chunks)
                {
                    WriteChunk(writer, loaded, features, count);
                    rows += count;
                }
                return rows;
            }

            if (parse.GetValue(outPath) is string file)
            {
                long rows = 0;
                AtomicFile.Write(file, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    rows = Write(writer);
                });
                output.WriteLine($"Predictions for {rows} rows written to {file}");
            }
            else Write(output);
            return 0;
        });
        return command;
    }

    static (float[], int) Whole((float[] Features, int Rows, Data.Dataset? _) loaded) => (loaded.Features, loaded.Rows);

    /// <summary>One line per row of X [rows, d]: the predicted class, then ŷ [k] in shortest round-trip form.</summary>
    static void WriteChunk(TextWriter writer, SoftmaxRegression model, float[] features, int rows)
    {
        float[] probabilities = model.PredictProba(features);   // Ŷ [rows, k]
        int[] predicted = model.Predict(features);
        int k = model.Classes;
        var line = new StringBuilder();
        for (int i = 0; i < rows; i++)
        {
            line.Clear().Append(Format.CsvField(model.ClassNames[predicted[i]]));
            for (int c = 0; c < k; c++) line.Append(',').Append(probabilities[i * k + c].ToString("R", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }
}
