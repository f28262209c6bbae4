using System.CommandLine;
using Spectre.Console;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>
/// `softmax compare`: trains several configurations on the same data and draws their learning curves on one
/// chart (SVG and a self-contained HTML page) — e.g. seed 003's batch size 1 against 32.
/// </summary>
static class CompareCommand
{
    public static Command Create(TextWriter output)
    {
        var defaults = new TrainingOptions();
        var data = new ExperimentData();
        var config = new Option<string[]>("--config", "-c") { Description = $"A configuration as train options, e.g. \"name=b1,batch-size=1,lr=0.05\" or \"optimizer=adam,lr=0.001\" or \"hidden=10\" (a network); keys: {ConfigSpec.KeyList}; repeat for each", AllowMultipleArgumentsPerToken = false };
        var experiment = new Option<string?>("--experiment") { Description = "A named set of configurations: " + string.Join("; ", ConfigSpec.Experiments.Select(e => $"{e.Key} ({e.Value.Description})")) };
        experiment.AcceptOnlyFromAmong([.. ConfigSpec.Experiments.Keys]);
        var epochs = new Option<int>("--epochs", "-e") { Description = "Epochs of every configuration (unless it says otherwise)", DefaultValueFactory = _ => 20 };
        var lr = new Option<float>("--lr") { Description = "The learning rate of every configuration (unless it says otherwise)", DefaultValueFactory = _ => defaults.LearningRate };
        var batch = new Option<int>("--batch-size", "-b") { Description = "The batch size of every configuration (unless it says otherwise)", DefaultValueFactory = _ => defaults.BatchSize };
        var seed = new Option<int>("--seed") { Description = "Seeds the split, shuffling and initialization of every configuration", DefaultValueFactory = _ => defaults.Seed };
        var outDirectory = new Option<string>("--out", "-o") { Description = "The directory for the charts (compare-loss.svg, compare-accuracy.svg), the histories and index.html", DefaultValueFactory = _ => "compare" };
        var parallel = new Option<int>("--parallel") { Description = "Configurations trained at once (default: the number of cores); the results do not depend on it", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = TrainProgress.QuietOption();
        var command = new Command("compare", "Train several configurations on the same data and draw their learning curves on one chart (SVG + HTML)")
        {
            config, experiment, epochs, lr, batch, seed, outDirectory, parallel, quiet,
        };
        foreach (var option in data.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var baseOptions = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs), LearningRate = parse.GetValue(lr), BatchSize = parse.GetValue(batch), Seed = parse.GetValue(seed),
                Scaling = data.ScalingOf(parse),
            };
            var specs = new List<string>();
            if (parse.GetValue(experiment) is string name) specs.AddRange(ConfigSpec.Experiments[name].Configurations);
            specs.AddRange(parse.GetValue(config) ?? []);
            if (specs.Count == 0)
                throw new UserInputException("nothing to compare", $"Give --experiment {string.Join("|", ConfigSpec.Experiments.Keys)}, or two or more --config \"batch-size=1\" style configurations");
            var configurations = specs.Select(s => ConfigSpec.Parse(s, baseOptions)).ToArray();
            string directory = parse.GetValue(outDirectory)!;
            TrainReport.CheckDirectory(directory);
            if (parse.GetValue(parallel) < 1) throw new UserInputException($"--parallel must be at least 1 (got {parse.GetValue(parallel)})", "Use e.g. --parallel 2");
            var (train, validation, description) = data.Load(parse, baseOptions.Seed, useTestFiles: true);

            output.WriteLine($"Comparing {configurations.Length} configurations on {parse.GetValue(data.Data)}: {train.Rows} training rows, validating on {validation.Rows} rows from {description}.");
            var progress = new RunsProgress(output, parse.GetValue(quiet), configurations, train.Rows);
            var results = progress.Run(onEpoch => ConfigurationRuns.Run(configurations, train, validation, parse.GetValue(parallel), onEpoch));

            var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("After the last epoch") };
            table.AddColumn("configuration");
            foreach (string heading in new[] { "η", "batch", "epochs", "train loss", "train acc", "val loss", "val acc" }) table.AddColumn(new TableColumn(heading).RightAligned());
            foreach (var r in results)
            {
                var last = r.History.Epochs[^1];
                var o = r.Configuration.Options;
                table.AddRow(new Text(r.Configuration.Name), new Text(Format.Number(o.LearningRate)), new Text(Format.Number(o.BatchSize)), new Text(Format.Number(o.Epochs)),
                    Terminal.Number(last.TrainLoss, "F5"), Terminal.Number(last.TrainAccuracy), Terminal.Number(last.ValidationLoss, "F5"), Terminal.Number(last.ValidationAccuracy));
            }
            Terminal.For(output).Write(table);
            ComparisonReport.Write(directory, $"Comparison on {parse.GetValue(data.Data)}",
                results.Select(r => (r.Configuration.Name, (IReadOnlyList<EpochResult>)r.History.Epochs)).ToArray(),
                $"{configurations.Length} configurations, each trained on {train.Rows} rows and validated on {validation.Rows} rows from {description}.");
            output.WriteLine($"Charts written to {Path.Combine(directory, "compare-loss.svg")}, {Path.Combine(directory, "compare-accuracy.svg")} and {Path.Combine(directory, "index.html")}");
            return 0;
        });
        return command;
    }
}
