using System.CommandLine;
using System.Diagnostics;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax train`: fit a softmax regression, print loss and accuracy per epoch, optionally save the model.</summary>
static class TrainCommand
{
    public static Command Create(TextWriter output)
    {
        var defaults = new TrainingOptions();
        var data = new Option<string>("--data", "-d") { Description = DataSource.Help, DefaultValueFactory = _ => EmbeddedDatasets.Default };
        var label = new Option<string?>("--label") { Description = "The CSV label column: a header name or a 1-based number (default: the last column)" };
        var test = new Option<string?>("--test") { Description = "A separate test set (same format as --data); default: the t10k files of an IDX directory, else a split of --data" };
        var testSplit = new Option<double>("--test-split") { Description = "The fraction of --data held out for testing when there is no test set", DefaultValueFactory = _ => 0.2 };
        var epochs = new Option<int>("--epochs", "-e") { Description = "Passes over the training data", DefaultValueFactory = _ => defaults.Epochs };
        var lr = new Option<float>("--lr") { Description = "The learning rate η in θ ← θ − η∇", DefaultValueFactory = _ => defaults.LearningRate };
        var batch = new Option<int>("--batch-size", "-b") { Description = "Samples per step: 1 = per-sample SGD, n = mini-batch, ≥ rows = full batch", DefaultValueFactory = _ => defaults.BatchSize };
        var seed = new Option<int>("--seed") { Description = "Seeds the split, the shuffling and random initialization", DefaultValueFactory = _ => defaults.Seed };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "Visit the rows in file order every epoch" };
        var init = new Option<string>("--init") { Description = "Initial weights: zeros, or random (N(0, 0.01²) from the seed)", DefaultValueFactory = _ => "zeros" };
        init.AcceptOnlyFromAmong("zeros", "random");
        var scale = new Option<string>("--scale") { Description = "Feature scaling, stored in the model: auto (pixels for IDX images, standardize for CSV and embedded data), none, standardize, minmax, pixels (÷255)", DefaultValueFactory = _ => "auto" };
        scale.AcceptOnlyFromAmong("auto", "none", "standardize", "minmax", "pixels");
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the trained model to this file (JSON)" };

        var command = new Command("train", "Train a softmax regression model (default: the embedded Iris, 20% held out)")
        {
            data, label, test, testSplit, epochs, lr, batch, seed, noShuffle, init, scale, outPath,
        };
        command.SetAction(parse =>
        {
            string dataName = parse.GetValue(data)!;
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                Shuffle = !parse.GetValue(noShuffle),
                Initialization = parse.GetValue(init) == "random" ? Initialization.Random : Initialization.Zeros,
                Scaling = parse.GetValue(scale) is "auto" or null
                    ? DataSource.IsImages(dataName) ? Scaling.Pixels : Scaling.Standardize
                    : FeatureScaler.ParseKind(parse.GetValue(scale)!),
            };
            options.Validate();
            string? outFile = parse.GetValue(outPath);
            if (outFile is not null) CheckWritable(outFile);

            var (all, includedTest) = DataSource.LoadLabelled(dataName, parse.GetValue(label));
            Dataset train = all, testSet;
            string testDescription;
            if (parse.GetValue(test) is string testName)
            {
                testSet = DataSource.LoadLabelled(testName, parse.GetValue(label), all.ClassNames).Data;
                testDescription = testName;
            }
            else if (includedTest is not null)
            {
                testSet = includedTest;
                testDescription = "its test files";
            }
            else
            {
                double fraction = parse.GetValue(testSplit);
                (train, testSet) = all.Split(fraction, options.Seed);
                testDescription = $"a {Format.Number(fraction * 100)}% split (seed {options.Seed})";
            }

            output.WriteLine($"Training softmax regression on {dataName}: {train.Rows} rows × {train.Columns} features, {train.Classes} classes ({Format.List(train.ClassNames)}); testing on {testSet.Rows} rows from {testDescription}.");
            output.WriteLine($"Scaling {FeatureScaler.Name(options.Scaling)}; gradient descent with η = {Format.Number(options.LearningRate)}, batch size {options.BatchSize}, {options.Epochs} epochs, "
                + $"{(options.Shuffle ? $"shuffled (seed {options.Seed})" : "in file order")}, {(options.Initialization == Initialization.Zeros ? "zero" : "random")} initial weights.");
            output.WriteLine($"{"epoch",6}  {"loss",9}  {"accuracy",8}  {"test loss",9}  {"test acc",8}");
            var model = new SoftmaxRegression();
            var clock = Stopwatch.StartNew();
            model.Fit(train, options with
            {
                OnEpoch = e => output.WriteLine($"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}"),
            }, testSet);
            double seconds = clock.Elapsed.TotalSeconds;

            output.WriteLine($"Train accuracy {model.Score(train):F4}, test accuracy {model.Score(testSet):F4} ({testSet.Rows} rows); trained in {seconds:F2} s.");
            if (outFile is not null)
            {
                ModelFile.Save(model, outFile);
                output.WriteLine($"Model written to {outFile}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Fails before training, not after, when the model could not be written.</summary>
    static void CheckWritable(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (Directory.Exists(path)) throw new UserInputException("--out names a directory", "Give a file name for the model, e.g. model.json", path);
        if (directory is not null && !Directory.Exists(directory))
            throw new UserInputException("the directory for --out does not exist", "Create it first, or write the model elsewhere", path);
    }
}
