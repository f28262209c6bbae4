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
        var from = new Option<string?>("--from") { Description = "Continue training this saved model (warm start) on --data: same features and classes; its scaling is kept" };
        var classWeight = new Option<string?>("--class-weight") { Description = "Class weights in the loss: 'balanced' (n / (k·n_c)) or name=weight,… (classes not named weigh 1), as PyTorch's CrossEntropyLoss(weight=…)" };
        var weightColumn = new Option<string?>("--weight-column") { Description = "A CSV column holding each sample's weight in the loss (not a feature)" };
        var labelSmoothing = new Option<float>("--label-smoothing") { Description = "ε: train towards (1 − ε)·one-hot + ε/k, as PyTorch's CrossEntropyLoss(label_smoothing=ε)", DefaultValueFactory = _ => 0f };

        var command = new Command("train", "Train a softmax regression model (default: the embedded Iris, 20% held out)")
        {
            data, label, test, testSplit, epochs, lr, batch, seed, noShuffle, init, scale, outPath, from, classWeight, weightColumn, labelSmoothing,
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
                LabelSmoothing = parse.GetValue(labelSmoothing),
            };
            options.Validate();
            string? outFile = parse.GetValue(outPath);
            if (outFile is not null) CheckWritable(outFile);

            SoftmaxRegression? start = parse.GetValue(from) is string fromFile ? ModelFile.Load(fromFile) : null;
            string? weightName = parse.GetValue(weightColumn);
            var (all, includedTest) = DataSource.LoadLabelled(dataName, parse.GetValue(label), start?.ClassNames);
            if (weightName is not null) all = DataSource.TakeWeightColumn(all, weightName);
            Dataset train = all, testSet;
            string testDescription;
            if (parse.GetValue(test) is string testName)
            {
                testSet = DataSource.LoadLabelled(testName, parse.GetValue(label), all.ClassNames).Data;
                if (weightName is not null) testSet = DataSource.TakeWeightColumn(testSet, weightName);   // the test loss is unweighted
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

            options = options with
            {
                ClassWeights = parse.GetValue(classWeight) is string spec ? ParseClassWeights(spec, train) : null,
                WarmStart = start is not null,
            };
            var model = start ?? new SoftmaxRegression();
            if (start is not null)
                output.WriteLine($"Continuing {parse.GetValue(from)} (its {FeatureScaler.Name(start.Scaler.Kind)} scaling kept) on new data.");
            output.WriteLine($"Training softmax regression on {dataName}: {train.Rows} rows × {train.Columns} features, {train.Classes} classes ({Format.List(train.ClassNames)}); testing on {testSet.Rows} rows from {testDescription}.");
            if (options.ClassWeights is not null || options.LabelSmoothing != 0 || train.SampleWeights is not null)
                output.WriteLine("Loss: cross-entropy"
                    + (options.ClassWeights is null ? "" : ", class weights " + string.Join(", ", train.ClassNames.Select((name, c) => $"{name} {Format.Number(options.ClassWeights[c])}")))
                    + (train.SampleWeights is null ? "" : $", sample weights from column '{weightName}'")
                    + (options.LabelSmoothing == 0 ? "" : $", label smoothing ε = {Format.Number(options.LabelSmoothing)}") + ".");
            output.WriteLine($"Scaling {FeatureScaler.Name(start?.Scaler.Kind ?? options.Scaling)}; gradient descent with η = {Format.Number(options.LearningRate)}, batch size {options.BatchSize}, {options.Epochs} epochs, "
                + $"{(options.Shuffle ? $"shuffled (seed {options.Seed})" : "in file order")}, {(start is not null ? "the saved model's" : options.Initialization == Initialization.Zeros ? "zero" : "random")} initial weights.");
            output.WriteLine($"{"epoch",6}  {"loss",9}  {"accuracy",8}  {"test loss",9}  {"test acc",8}");
            var clock = Stopwatch.StartNew();
            model.Fit(train, options with
            {
                OnEpoch = e => output.WriteLine($"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}"),
            }, testSet);
            double seconds = clock.Elapsed.TotalSeconds;

            output.WriteLine($"Train accuracy {model.Score(train):F4}, test accuracy {model.Score(testSet):F4} ({testSet.Rows} rows); trained in {seconds:F2} s.");
            output.WriteLine("Test accuracy per class: " + PerClassAccuracy(model, testSet));
            if (outFile is not null)
            {
                ModelFile.Save(model, outFile);
                output.WriteLine($"Model written to {outFile}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>'balanced', or name=weight,… with the classes not named weighing 1: w [k] in class order.</summary>
    static float[] ParseClassWeights(string spec, Dataset train)
    {
        if (spec.Trim().Equals("balanced", StringComparison.OrdinalIgnoreCase)) return SoftmaxRegression.BalancedClassWeights(train);
        var weights = Enumerable.Repeat(1f, train.Classes).ToArray();
        foreach (string part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.LastIndexOf('=');
            string name = equals < 0 ? part : part[..equals].Trim();
            int c = Array.IndexOf(train.ClassNames, name);
            if (equals < 0 || c < 0 || !float.TryParse(part[(equals + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out weights[c])
                || !(weights[c] >= 0) || !float.IsFinite(weights[c]))
                throw new UserInputException($"--class-weight: '{part}' is not class=weight with one of the classes ({Format.List(train.ClassNames)}) and a number ≥ 0",
                    $"Use 'balanced' or e.g. --class-weight {train.ClassNames[0]}=2,{train.ClassNames[1]}=1");
        }
        return weights;
    }

    /// <summary>"setosa 1.0000, versicolor 0.9000, …": the fraction of each class's rows predicted right (recall).</summary>
    static string PerClassAccuracy(SoftmaxRegression model, Dataset data)
    {
        var confusion = new Metrics.ConfusionMatrix(model.ClassNames, data.Labels, model.Predict(data));
        return string.Join(", ", model.ClassNames.Select((name, c) =>
        {
            long total = Enumerable.Range(0, model.Classes).Sum(p => confusion.Counts[c, p]);
            return $"{name} {(total == 0 ? "-" : ((double)confusion.Counts[c, c] / total).ToString("F4", System.Globalization.CultureInfo.InvariantCulture))}";
        }));
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
