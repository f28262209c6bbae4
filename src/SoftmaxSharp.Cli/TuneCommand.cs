using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>
/// `softmax tune`: grid search — train every combination of the given learning rates and batch sizes on the
/// same training part, rank them by accuracy on a held-out validation split (seed 001's exercise), print the
/// ranking and save the best model. Configurations run in parallel; each is seeded alike, so the ranking does
/// not depend on how many run at once.
/// </summary>
static class TuneCommand
{
    public static Command Create(TextWriter output)
    {
        var defaults = new TrainingOptions();
        var data = new ExperimentData();
        var lr = new Option<string>("--lr") { Description = "Learning rates to try, comma-separated, e.g. 0.001,0.01,0.1,1", Required = true };
        var batch = new Option<string>("--batch-size", "-b") { Description = "Batch sizes to try, comma-separated", DefaultValueFactory = _ => defaults.BatchSize.ToString(CultureInfo.InvariantCulture) };
        var l2 = new Option<string>("--l2") { Description = "L2 strengths λ to try (objective + λ/2·‖W‖², biases not penalized), comma-separated", DefaultValueFactory = _ => "0" };
        var epochs = new Option<int>("--epochs", "-e") { Description = "Epochs of every configuration", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seeds the validation split, the shuffling and initialization", DefaultValueFactory = _ => defaults.Seed };
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the best model (trained on the training part) to this file" };
        var parallel = new Option<int>("--parallel") { Description = "Configurations trained at once (default: the number of cores); the results do not depend on it", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = TrainProgress.QuietOption();
        var command = new Command("tune", "Grid search: train every combination of --lr, --batch-size and --l2, rank by accuracy on a validation split, save the best")
        {
            lr, batch, l2, epochs, seed, outPath, parallel, quiet,
        };
        foreach (var option in data.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var baseOptions = new TrainingOptions { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed), Scaling = data.ScalingOf(parse) };
            float[] rates = ParseList(parse.GetValue(lr)!, "--lr", s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
            int[] sizes = ParseList(parse.GetValue(batch)!, "--batch-size", s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            double[] strengths = ParseList(parse.GetValue(l2)!, "--l2", s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
            var configurations = (from rate in rates
                                  from size in sizes
                                  from strength in strengths
                                  select new Configuration(string.Create(CultureInfo.InvariantCulture, $"η={Format.Number(rate)}, batch {size}, λ={Format.Number(strength)}"),
                                      baseOptions with { LearningRate = rate, BatchSize = size, L2 = strength })).ToArray();
            string? outFile = parse.GetValue(outPath);
            if (parse.GetValue(parallel) < 1) throw new UserInputException($"--parallel must be at least 1 (got {parse.GetValue(parallel)})", "Use e.g. --parallel 2");
            foreach (var c in configurations) c.Options.Validate();
            var (train, validation, description) = data.Load(parse, baseOptions.Seed, useTestFiles: false);

            output.WriteLine($"Tuning on {parse.GetValue(data.Data)}: {configurations.Length} configurations × {Format.Count(baseOptions.Epochs, "epoch")} on {train.Rows} rows, ranked by accuracy on {validation.Rows} rows from {description}.");
            var progress = new RunsProgress(output, parse.GetValue(quiet), configurations, train.Rows);
            var results = progress.Run(onEpoch => ConfigurationRuns.Run(configurations, train, validation, parse.GetValue(parallel), onEpoch));
            var ranked = ConfigurationRuns.Ranked(results);

            var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Ranked by validation accuracy") };
            foreach (string heading in new[] { "rank", "η", "batch", "λ", "val acc", "val loss", "train loss", "train acc" }) table.AddColumn(new TableColumn(heading).RightAligned());
            for (int i = 0; i < ranked.Length; i++)
            {
                var r = ranked[i];
                var last = r.History.Epochs[^1];
                var style = i == 0 ? new Style(Color.Green, decoration: Decoration.Bold) : Style.Plain;
                table.AddRow(new Text((i + 1).ToString(CultureInfo.InvariantCulture), style), new Text(Format.Number(r.Configuration.Options.LearningRate), style),
                    new Text(r.Configuration.Options.BatchSize.ToString(CultureInfo.InvariantCulture), style), new Text(Format.Number(r.Configuration.Options.L2), style), Terminal.Number(r.ValidationAccuracy), Terminal.Number(r.ValidationLoss, "F5"),
                    Terminal.Number(last.TrainLoss, "F5"), Terminal.Number(last.TrainAccuracy));
            }
            Terminal.For(output).Write(table);
            var best = ranked[0];
            output.WriteLine($"Best: η = {Format.Number(best.Configuration.Options.LearningRate)}, batch size {best.Configuration.Options.BatchSize}, λ = {Format.Number(best.Configuration.Options.L2)} (validation accuracy {best.ValidationAccuracy.ToString("F4", CultureInfo.InvariantCulture)}).");
            if (outFile is not null)
            {
                ModelFile.Save((SoftmaxRegression)best.Model, outFile);
                output.WriteLine($"Best model written to {outFile}");
            }
            return 0;
        });
        return command;
    }

    static T[] ParseList<T>(string text, string option, Func<string, T> parse)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UserInputException($"{option} is empty", $"Give comma-separated values, e.g. {option} 0.01,0.1");
        return parts.Select(p =>
        {
            try { return parse(p); }
            catch (FormatException) { throw new UserInputException($"{option}: '{p}' is not a number", $"Give comma-separated values, e.g. {option} 0.01,0.1"); }
            catch (OverflowException) { throw new UserInputException($"{option}: '{p}' is out of range", $"Give comma-separated values, e.g. {option} 0.01,0.1"); }
        }).ToArray();
    }
}
