using System.CommandLine;
using System.Diagnostics;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;
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
        var init = new Option<string?>("--init") { Description = "Initial weights: zeros (default), or random (N(0, 0.01²) from the seed); for --hidden networks xavier or he (default: he for the ReLUs, xavier otherwise)" };
        init.AcceptOnlyFromAmong("zeros", "random", "xavier", "he");
        var hidden = new Option<string?>("--hidden") { Description = "Train a feedforward network with these hidden layer sizes instead, e.g. 100 or 256,128" };
        var activation = new Option<string?>("--activation") { Description = "The hidden layers' activation with --hidden: relu (default), leaky-relu, tanh, sigmoid, linear" };
        activation.AcceptOnlyFromAmong("relu", "leaky-relu", "tanh", "sigmoid", "linear");
        var scale = new Option<string>("--scale") { Description = "Feature scaling, stored in the model: auto (pixels for IDX images, standardize for CSV and embedded data), none, standardize, minmax, pixels (÷255)", DefaultValueFactory = _ => "auto" };
        scale.AcceptOnlyFromAmong("auto", "none", "standardize", "minmax", "pixels");
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the trained model to this file (JSON, checksummed, written atomically)" };
        var delimiter = new Option<string?>("--delimiter") { Description = DataSource.DelimiterHelp };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save the training state to this file every --checkpoint-every epochs (and after the last), to continue with --resume" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Epochs between checkpoints (default 10 with --checkpoint)" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint file: same data and options, bit-identical result; --out, --checkpoint and --checkpoint-every may be given anew" };
        var from = new Option<string?>("--from") { Description = "Continue training this saved model (warm start) on --data: same features and classes; its scaling is kept" };
        var classWeight = new Option<string?>("--class-weight") { Description = "Class weights in the loss: 'balanced' (n / (k·n_c)) or name=weight,… (classes not named weigh 1), as PyTorch's CrossEntropyLoss(weight=…)" };
        var weightColumn = new Option<string?>("--weight-column") { Description = "A CSV column holding each sample's weight in the loss (not a feature)" };
        var labelSmoothing = new Option<float>("--label-smoothing") { Description = "ε: train towards (1 − ε)·one-hot + ε/k, as PyTorch's CrossEntropyLoss(label_smoothing=ε)", DefaultValueFactory = _ => 0f };
        var quiet = TrainProgress.QuietOption();
        var report = TrainReport.ReportOption();
        var optimizer = new Option<string>("--optimizer") { Description = "The update rule, with PyTorch's defaults: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw", DefaultValueFactory = _ => "sgd" };
        optimizer.AcceptOnlyFromAmong("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");
        var momentum = new Option<float?>("--momentum") { Description = "μ in [0, 1) of momentum, nesterov (default 0.9), sgd and rmsprop (default 0)" };
        var beta1 = new Option<float>("--beta1") { Description = "β₁ of adam and adamw: the decay of the gradient's running mean", DefaultValueFactory = _ => defaults.Beta1 };
        var beta2 = new Option<float>("--beta2") { Description = "β₂ of adam and adamw: the decay of the squared gradient's running mean", DefaultValueFactory = _ => defaults.Beta2 };
        var eps = new Option<float?>("--eps") { Description = "ε of adagrad (default 1e-10), rmsprop, adam, adamw (default 1e-8)" };
        var weightDecay = new Option<float?>("--weight-decay") { Description = "λ of PyTorch's weight_decay, on weights only: g + λθ (= --l2 for sgd), decoupled θ(1 − ηλ) for adamw (default 0.01)" };
        var l2 = new Option<double>("--l2") { Description = "λ: minimize the mean loss + λ/2·‖W‖² (biases not penalized)", DefaultValueFactory = _ => 0 };
        var schedule = new Option<string>("--schedule") { Description = "The learning rate per epoch: constant, step (η·γ^⌊e/s⌋), exp (η·γ^e), cosine (down to --min-lr at the last epoch)", DefaultValueFactory = _ => "constant" };
        schedule.AcceptOnlyFromAmong("constant", "step", "exp", "cosine");
        var stepSize = new Option<int>("--step-size") { Description = "s: epochs between decays of the step schedule", DefaultValueFactory = _ => defaults.StepSize };
        var gamma = new Option<double>("--gamma") { Description = "γ in (0, 1]: the decay factor of the step and exp schedules", DefaultValueFactory = _ => defaults.Gamma };
        var minLr = new Option<double>("--min-lr") { Description = "η_min of the cosine schedule", DefaultValueFactory = _ => 0 };
        var validationSplit = new Option<double>("--validation-split") { Description = "The fraction of the training data held out to validate on after each epoch (stratified, with the seed)", DefaultValueFactory = _ => 0 };
        var patience = new Option<int>("--patience") { Description = "Early stopping: stop when the validation loss has not improved for this many epochs and keep the best weights (needs --validation-split)", DefaultValueFactory = _ => 0 };
        var solver = new Option<string>("--solver") { Description = "gd: gradient descent (--epochs, --lr, --batch-size); lbfgs: full-batch L-BFGS to the optimum of mean CE + λ/2·‖W‖² (--l2 or --C, --tol, --max-iter)", DefaultValueFactory = _ => "gd" };
        solver.AcceptOnlyFromAmong("gd", "lbfgs");
        var inverseL2 = new Option<double?>("--C") { Description = "scikit-learn's C > 0 instead of --l2: λ = 1/(n·C), n the training rows; LogisticRegression(C=…) has the same optimum" };
        var tolerance = new Option<double>("--tol") { Description = "L-BFGS stops when ‖∇J‖∞ ≤ this (J = mean CE + λ/2·‖W‖²)", DefaultValueFactory = _ => defaults.Tolerance };
        var maxIterations = new Option<int>("--max-iter") { Description = "L-BFGS stops after this many iterations at most", DefaultValueFactory = _ => defaults.MaxIterations };
        var (modelKind, threshold, lossKind, classes) = FamilyOptions();

        var command = new Command("train", "Train a softmax regression model (default: the embedded Iris, 20% held out)")
        {
            data, label, test, testSplit, epochs, lr, batch, seed, noShuffle, init, scale, outPath, delimiter, checkpoint, checkpointEvery, resume,
            from, classWeight, weightColumn, labelSmoothing, modelKind, threshold, lossKind, classes, hidden, activation,
            optimizer, momentum, beta1, beta2, eps, weightDecay, l2, schedule, stepSize, gamma, minLr, validationSplit, patience, quiet, report,
            solver, inverseL2, tolerance, maxIterations,
        };
        command.SetAction(parse =>
        {
            Checkpoint? resumed = parse.GetValue(resume) is string resumeFile ? CheckpointFile.Load(resumeFile) : null;
            var run = resumed?.Run ?? new Dictionary<string, string>();
            string dataName = resumed is null ? parse.GetValue(data)! : run.GetValueOrDefault("data") ?? EmbeddedDatasets.Default;
            string? labelName = resumed is null ? parse.GetValue(label) : run.GetValueOrDefault("label");
            string? testName = resumed is null ? parse.GetValue(test) : run.GetValueOrDefault("test");
            double fraction = resumed is null ? parse.GetValue(testSplit) : double.Parse(run.GetValueOrDefault("test-split") ?? "0.2", System.Globalization.CultureInfo.InvariantCulture);
            string? delimiterText = resumed is null ? parse.GetValue(delimiter) : run.GetValueOrDefault("delimiter");
            char? separator = DataSource.ParseDelimiter(delimiterText);
            string? outFile = parse.GetValue(outPath) ?? run.GetValueOrDefault("out");
            string? checkpointFile = parse.GetValue(checkpoint) ?? parse.GetValue(resume);
            int every = parse.GetValue(checkpointEvery);
            if (every < 0) throw new UserInputException($"--checkpoint-every must be a number of epochs ≥ 1 (got {every})", "Use e.g. --checkpoint-every 10");
            if (every > 0 && checkpointFile is null) throw new UserInputException("--checkpoint-every needs --checkpoint FILE", "Name the file to save the training state in");
            if (every == 0 && checkpointFile is not null) every = resumed?.Options.CheckpointEvery is > 0 and var stored ? stored : 10;
            bool lbfgs = parse.GetValue(solver) == "lbfgs";
            CheckSolverOptions(parse, lbfgs, [epochs, lr, batch, noShuffle, checkpoint, checkpointEvery, resume, optimizer, momentum, beta1, beta2, eps, weightDecay, schedule, stepSize, gamma, minLr, patience],
                [tolerance, maxIterations], l2, inverseL2);
            if (parse.GetValue(inverseL2) is double c0 && !(c0 > 0 && double.IsFinite(c0)))
                throw new UserInputException($"--C must be a positive number (got {c0})", "Use e.g. --C 1; smaller C means stronger regularization");
            if (parse.GetValue(testSplit) is var split && !(split > 0 && split < 1))
                throw new UserInputException($"--test-split must be between 0 and 1 (got {split})", "Use e.g. --test-split 0.2 for 20% test data");

            var options = resumed?.Options ?? new TrainingOptions
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
                Optimizer = Enum.Parse<OptimizerKind>(parse.GetValue(optimizer)!, ignoreCase: true),
                Momentum = parse.GetValue(momentum),
                Beta1 = parse.GetValue(beta1),
                Beta2 = parse.GetValue(beta2),
                Epsilon = parse.GetValue(eps),
                WeightDecay = parse.GetValue(weightDecay),
                L2 = parse.GetValue(l2),
                Schedule = LearningRateSchedule.Parse(parse.GetValue(schedule)!),
                StepSize = parse.GetValue(stepSize),
                Gamma = parse.GetValue(gamma),
                MinLearningRate = parse.GetValue(minLr),
                ValidationSplit = parse.GetValue(validationSplit),
                Patience = parse.GetValue(patience),
                Solver = lbfgs ? Solver.Lbfgs : Solver.GradientDescent,
                Tolerance = parse.GetValue(tolerance),
                MaxIterations = parse.GetValue(maxIterations),
            };
            options = options with { CheckpointEvery = every };
            if (resumed is null)
            {
                var kind = options.Optimizer;
                RefuseUnless(parse, momentum, kind is OptimizerKind.Sgd or OptimizerKind.Momentum or OptimizerKind.Nesterov or OptimizerKind.RmsProp, "sgd, momentum, nesterov and rmsprop");
                RefuseUnless(parse, beta1, kind is OptimizerKind.Adam or OptimizerKind.AdamW, "adam and adamw");
                RefuseUnless(parse, beta2, kind is OptimizerKind.Adam or OptimizerKind.AdamW, "adam and adamw");
                RefuseUnless(parse, eps, kind is not (OptimizerKind.Sgd or OptimizerKind.Momentum or OptimizerKind.Nesterov), "adagrad, rmsprop, adam and adamw");
                RefuseUnless(parse, stepSize, options.Schedule == ScheduleKind.Step, "--schedule step");
                RefuseUnless(parse, gamma, options.Schedule is ScheduleKind.Step or ScheduleKind.Exponential, "--schedule step and exp");
                RefuseUnless(parse, minLr, options.Schedule == ScheduleKind.Cosine, "--schedule cosine");
            }
            options.Validate();
            if (options.Patience > 0 && options.ValidationSplit == 0)
                throw new UserInputException("--patience needs --validation-split: early stopping watches data held out of training, not the test set", "Use e.g. --validation-split 0.1 --patience 5");
            var network = NetworkTraining.Create(parse.GetValue(hidden), parse.GetValue(activation), parse.GetValue(init),
                parse.GetValue(from) is not null || checkpointFile is not null);   // null: softmax regression
            if (network is not null && parse.GetValue(modelKind) is not "softmax")
                throw new UserInputException($"--hidden builds a network with a softmax output; it does not combine with --model {parse.GetValue(modelKind)}", "Leave out --model (or give --model softmax)");
            if (outFile is not null) CheckWritable(outFile, "--out");
            if (checkpointFile is not null) CheckWritable(checkpointFile, "--checkpoint");
            TrainReport.CheckDirectory(parse.GetValue(report));
            if ((network is not null || parse.GetValue(modelKind) is not "softmax") && parse.GetValue(report) is not null)
                throw new UserInputException("--report is only available for softmax regression yet (not --hidden or --model logistic/linear)", "Leave out --report, or train softmax regression");
            if (parse.GetValue(modelKind) is not "softmax" and var family)
            {
                if (resumed is not null || checkpointFile is not null || parse.GetValue(from) is not null || parse.GetValue(weightColumn) is not null || parse.GetValue(classWeight) is not null)
                    throw new UserInputException($"--model {family} does not support --checkpoint, --resume, --from, --weight-column or --class-weight", "Leave them out, or train --model softmax");
                return FamilyCommands.Train(new FamilyTrainRequest(family!, dataName, labelName, testName, fraction, separator, outFile, parse.GetValue(threshold),
                    parse.GetValue(lossKind) == "mae" ? Core.RegressionLoss.Mae : Core.RegressionLoss.Mse, parse.GetValue(classes), options, parse.GetValue(inverseL2)), output);
            }
            if (parse.GetValue(classes) is not null) throw new UserInputException("--classes picks the two classes of --model logistic", "Add --model logistic, or leave out --classes");

            if (parse.GetValue(from) is not null && checkpointFile is not null)
                throw new UserInputException("--from cannot be combined with --checkpoint or --resume", "Checkpoint a run that starts from scratch, or warm-start without checkpoints");
            SoftmaxRegression? start = parse.GetValue(from) is string fromFile ? NetworkTraining.SoftmaxToContinue(fromFile) : null;
            string? weightName = resumed is null ? parse.GetValue(weightColumn) : run.GetValueOrDefault("weight-column");
            var (all, includedTest) = DataSource.LoadLabelled(dataName, labelName, start?.ClassNames, separator);
            if (weightName is not null) all = DataSource.TakeWeightColumn(all, weightName);
            Dataset train = all, testSet;
            string testDescription;
            if (testName is not null)
            {
                testSet = DataSource.LoadLabelled(testName, labelName, all.ClassNames, separator).Data;
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
                (train, testSet) = all.Split(fraction, options.Seed);
                testDescription = $"a {Format.Number(fraction * 100)}% split (seed {options.Seed})";
            }

            options = options with
            {
                ClassWeights = resumed is not null ? options.ClassWeights : parse.GetValue(classWeight) is string spec ? ParseClassWeights(spec, train) : null,
                WarmStart = start is not null,
                L2 = parse.GetValue(inverseL2) is double c ? TrainingOptions.L2FromC(c, train.Rows) : options.L2,   // λ = 1/(n·C)
            };
            if (network is not null) return NetworkTraining.Train(output, network, train, testSet, options, dataName, testDescription, outFile, parse.GetValue(quiet));
            var model = start ?? new SoftmaxRegression();
            var (fitRows, heldOut) = SoftmaxRegression.HoldOutValidation(train, options);   // as Fit will split
            var scaler = start?.Scaler ?? FeatureScaler.Fit(options.Scaling, fitRows);   // what Fit will use; the checkpoint stores it
            bool validating = heldOut is not null;               // per epoch: the held-out part of --data, else the test set
            if (resumed is not null) CheckSameData(resumed, train, scaler, parse.GetValue(resume)!);
            var runArguments = new Dictionary<string, string> { ["data"] = FullPathIfExists(dataName), ["test-split"] = fraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture) };
            if (labelName is not null) runArguments["label"] = labelName;
            if (testName is not null) runArguments["test"] = FullPathIfExists(testName);
            if (delimiterText is not null) runArguments["delimiter"] = delimiterText;
            if (weightName is not null) runArguments["weight-column"] = weightName;
            if (outFile is not null) runArguments["out"] = Path.GetFullPath(outFile);

            if (start is not null)
                output.WriteLine($"Continuing {parse.GetValue(from)} (its {FeatureScaler.Name(start.Scaler.Kind)} scaling kept) on new data.");
            output.WriteLine($"Training softmax regression on {dataName}: {train.Rows} rows × {train.Columns} features, {train.Classes} classes ({Format.List(train.ClassNames)}); testing on {testSet.Rows} rows from {testDescription}.");
            if (options.ClassWeights is not null || options.LabelSmoothing != 0 || train.SampleWeights is not null)
                output.WriteLine("Loss: cross-entropy"
                    + (options.ClassWeights is null ? "" : ", class weights " + string.Join(", ", train.ClassNames.Select((name, c) => $"{name} {Format.Number(options.ClassWeights[c])}")))
                    + (train.SampleWeights is null ? "" : $", sample weights from column '{weightName}'")
                    + (options.LabelSmoothing == 0 ? "" : $", label smoothing ε = {Format.Number(options.LabelSmoothing)}") + ".");
            string initial = start is not null ? "the saved model's" : options.Initialization == Initialization.Zeros ? "zero" : "random";
            if (lbfgs)
                output.WriteLine($"Scaling {FeatureScaler.Name(scaler.Kind)}; L-BFGS on J = mean cross-entropy + λ/2·‖W‖², λ = {options.L2:G6} (scikit-learn's C = 1/(n·λ) = {(options.L2 > 0 ? (1 / (fitRows.Rows * options.L2)).ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "∞")}), "
                    + $"until ‖∇J‖∞ ≤ {options.Tolerance:G3} or {options.MaxIterations} iterations, {initial} initial weights.");
            else
            {
                output.WriteLine($"Scaling {FeatureScaler.Name(scaler.Kind)}; gradient descent with η = {Format.Number(options.LearningRate)}, batch size {options.BatchSize}, {Format.Count(options.Epochs, "epoch")}, "
                    + $"{(options.Shuffle ? $"shuffled (seed {options.Seed})" : "in file order")}, {initial} initial weights.");
                output.WriteLine($"Optimizer {Describe(options)}.");
            }
            if (validating)
                output.WriteLine($"Validating on {heldOut!.Rows} of the {train.Rows} training rows ({Format.Number(options.ValidationSplit * 100)}%, seed {options.Seed}), training on {fitRows.Rows}"
                    + (options.Patience > 0 ? $"; early stopping after {Format.Count(options.Patience, "epoch")} without improvement." : "."));
            if (resumed is not null) output.WriteLine($"Resuming from {parse.GetValue(resume)} after epoch {resumed.State.Epoch}.");
            string against = validating ? "val" : "test";
            bool penalized = options.L2 > 0 && !lbfgs;
            var clock = Stopwatch.StartNew();
            LbfgsIteration iteration = default;                    // L-BFGS: printed with the epoch line that follows it
            var progress = lbfgs
                ? new TrainProgress(output, parse.GetValue(quiet), options.MaxIterations, fitRows.Rows,
                    $"{"iter",6}  {"J",11}  {"‖∇J‖∞",9}  {"evals",5}  {"loss",9}  {"accuracy",8}  {against + " loss",9}  {against + " acc",8}",
                    e => $"{iteration.Iteration,6}  {iteration.Objective,11:F8}  {iteration.GradientNorm,9:0.00E+00}  {iteration.Evaluations,5}"
                        + $"  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}")
                : new TrainProgress(output, parse.GetValue(quiet), options.Epochs, fitRows.Rows,
                    $"{"epoch",6}  {"loss",9}  {"accuracy",8}  {against + " loss",9}  {against + " acc",8}" + (penalized ? $"  {"objective",9}" : ""),
                    e => $"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}" + (penalized ? $"  {e.Objective,9:F5}" : ""));
            var history = progress.Run(() => model.Fit(train, options with
            {
                OnIteration = i => iteration = i,
                OnEpoch = progress.OnEpoch,
                OnCheckpoint = checkpointFile is null ? null
                    : state => CheckpointFile.Save(checkpointFile, state, train.FeatureNames, train.ClassNames, scaler, options, runArguments),
            }, validating ? null : testSet, resumed?.State));
            double seconds = clock.Elapsed.TotalSeconds;
            if (history.Lbfgs is { } result)
                output.WriteLine($"L-BFGS {result.Describe()}, after {result.Iterations} iterations and {result.Evaluations} evaluations of J; J = {result.Objective:G10}.");
            if (validating) output.WriteLine($"Stopped: {history.StopReason}.");

            output.WriteLine($"Train accuracy {model.Score(train):F4}, test accuracy {model.Score(testSet):F4} ({testSet.Rows} rows); trained in {seconds:F2} s with the {WiderBinary.Kernels} kernels.");
            output.WriteLine("Test accuracy per class: " + PerClassAccuracy(model, testSet));
            TrainReport.WriteTables(output, model, testSet);
            if (outFile is not null)
            {
                ModelFile.Save(model, outFile);
                output.WriteLine($"Model written to {outFile}");
            }
            TrainReport.Write(output, parse.GetValue(report), dataName, model, train, testSet, history.Epochs);
            return 0;
        });
        return command;
    }

    /// <summary>Options of the other solver are refused rather than ignored; --l2 and --C name the same thing twice.</summary>
    static void CheckSolverOptions(ParseResult parse, bool lbfgs, Option[] gradientDescentOnly, Option[] lbfgsOnly, Option l2, Option inverseL2)
    {
        foreach (var option in lbfgs ? gradientDescentOnly : lbfgsOnly)
            if (parse.GetResult(option) is { Implicit: false })
                throw lbfgs
                    ? new UserInputException($"--solver lbfgs does not take {option.Name}: it minimizes over the whole training set until converged, without epochs, a learning rate, batches, an optimizer or checkpoints",
                        "Leave it out, and use --tol and --max-iter to say when to stop")
                    : new UserInputException($"{option.Name} is an option of --solver lbfgs", $"Add --solver lbfgs, or leave out {option.Name}");
        if (parse.GetResult(l2) is { Implicit: false } && parse.GetResult(inverseL2) is { Implicit: false })
            throw new UserInputException("--l2 and --C both set the regularization strength (λ = 1/(n·C))", "Give one of them");
    }

    /// <summary>An option given for an optimizer or schedule that does not use it is a mistake worth saying, not ignoring.</summary>
    static void RefuseUnless(ParseResult parse, Option option, bool applies, string which)
    {
        if (!applies && parse.GetResult(option) is { Implicit: false })
            throw new UserInputException($"{option.Name} applies only to {which}", "Leave it out, or choose an --optimizer / --schedule that uses it");
    }

    /// <summary>"adam (lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-08), cosine schedule to η_min 0, L2 λ 0.0001": the optimizer with the values it uses.</summary>
    internal static string Describe(TrainingOptions options)
    {
        var o = options.CreateOptimizer();
        string rule = o switch
        {
            Sgd { Momentum: 0 } => "sgd",
            Sgd sgd => $"{(sgd.Nesterov ? "nesterov" : "momentum")} (μ {Format.Number(sgd.Momentum)})",
            Adagrad a => $"adagrad (ε {Small(a.Epsilon)})",
            RmsProp r => $"rmsprop (α {Format.Number(r.Alpha)}, ε {Small(r.Epsilon)}, μ {Format.Number(r.Momentum)}{(r.Centered ? ", centered" : "")})",
            Adam a => $"{(a.Decoupled ? "adamw" : "adam")} (β₁ {Format.Number(a.Beta1)}, β₂ {Format.Number(a.Beta2)}, ε {Small(a.Epsilon)})",
            _ => o.GetType().Name.ToLowerInvariant(),
        };
        if (o.WeightDecay > 0) rule += $", weight decay {Format.Number(o.WeightDecay)}{(o is Adam { Decoupled: true } ? " (decoupled)" : "")}";
        if (options.L2 > 0) rule += $", L2 λ {Format.Number(options.L2)}";
        rule += options.Schedule switch
        {
            ScheduleKind.Step => $", step schedule (×{Format.Number(options.Gamma)} every {Format.Count(options.StepSize, "epoch")})",
            ScheduleKind.Exponential => $", exp schedule (×{Format.Number(options.Gamma)} per epoch)",
            ScheduleKind.Cosine => $", cosine schedule (to {Format.Number(options.MinLearningRate)} at epoch {options.Epochs})",
            _ => "",
        };
        return rule;

        static string Small(float value) => value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>--model, --threshold, --loss and --classes: the options of logistic and linear regression.</summary>
    static (Option<string> Model, Option<float> Threshold, Option<string> Loss, Option<string?> Classes) FamilyOptions()
    {
        var model = new Option<string>("--model") { Description = FamilyCommands.ModelHelp, DefaultValueFactory = _ => "softmax" };
        model.AcceptOnlyFromAmong("softmax", "logistic", "linear");
        var threshold = new Option<float>("--threshold") { Description = "--model logistic: predict the second class when ŷ ≥ this", DefaultValueFactory = _ => 0.5f };
        var loss = new Option<string>("--loss") { Description = "--model linear: mse (mean ½(ŷ − y)², lecture 001) or mae (mean |ŷ − y|)", DefaultValueFactory = _ => "mse" };
        loss.AcceptOnlyFromAmong("mse", "mae");
        var classes = new Option<string?>("--classes") { Description = "--model logistic: the two classes to train on, by index or name, e.g. --classes 0,1 (rows of other classes are left out of training and test data)" };
        return (model, threshold, loss, classes);
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
    internal static string PerClassAccuracy(IClassifier model, Dataset data)
    {
        var confusion = new Metrics.ConfusionMatrix(model.ClassNames, data.Labels, model.Predict(data));
        return string.Join(", ", model.ClassNames.Select((name, c) =>
        {
            long total = Enumerable.Range(0, model.Classes).Sum(p => confusion.Counts[c, p]);
            return $"{name} {(total == 0 ? "-" : ((double)confusion.Counts[c, c] / total).ToString("F4", System.Globalization.CultureInfo.InvariantCulture))}";
        }));
    }

    static string FullPathIfExists(string path) => File.Exists(path) || Directory.Exists(path) ? Path.GetFullPath(path) : path;

    /// <summary>A checkpoint only continues the run it came from: the data must be the same (rows, names, fitted scaling).</summary>
    static void CheckSameData(Checkpoint resumed, Dataset train, FeatureScaler scaler, string file)
    {
        var saved = resumed.Model;
        if (!saved.FeatureNames.SequenceEqual(train.FeatureNames) || !saved.ClassNames.SequenceEqual(train.ClassNames)
            || !saved.Scaler.Shift.SequenceEqual(scaler.Shift) || !saved.Scaler.Divisor.SequenceEqual(scaler.Divisor))
            throw new UserInputException("the training data differ from those the checkpoint was made with", "Resume with the same data file, unchanged", file);
    }

    /// <summary>Fails before training, not after, when the model could not be written.</summary>
    static void CheckWritable(string path, string option)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (Directory.Exists(path)) throw new UserInputException($"{option} names a directory", "Give a file name, e.g. model.json", path);
        if (directory is not null && !Directory.Exists(directory))
            throw new UserInputException($"the directory for {option} does not exist", "Create it first, or write elsewhere", path);
    }
}
