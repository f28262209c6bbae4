using System.Globalization;
using System.Text;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Export;
using SoftmaxSharp.Metrics;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>What `softmax train --model logistic|linear` was asked to do (the softmax options it shares are in <see cref="TrainingOptions"/>).</summary>
sealed record FamilyTrainRequest(string Model, string Data, string? Label, string? Test, double TestSplit, char? Delimiter, string? Out,
    float Threshold, RegressionLoss Loss, string? Classes, TrainingOptions Options, double? C = null);

/// <summary>
/// The verbs for logistic and linear regression: train, predict, evaluate and export. Kept apart from the softmax
/// verbs so each stays small; the softmax verbs hand over here when the model is of another kind.
/// </summary>
static class FamilyCommands
{
    public const string ModelHelp = "The model: softmax (softmax regression, k classes), logistic (logistic regression, 2 classes; see --classes), or linear (linear regression on a numeric target)";

    public static int Train(FamilyTrainRequest request, TextWriter output)
    {
        var options = request.Options;
        bool linear = request.Model == "linear";
        var (train, test, testDescription) = linear ? LoadRegression(request) : LoadTwoClasses(request);
        if (request.C is double c) options = options with { L2 = TrainingOptions.L2FromC(c, train.Rows) };   // λ = 1/(n·C)
        string loss = linear ? (request.Loss == RegressionLoss.Mse ? "½·squared error (half PyTorch's MSELoss)" : "absolute error") : "binary cross-entropy";
        var scaler = FeatureScaler.Fit(options.Scaling, train);
        output.WriteLine(linear
            ? $"Training linear regression on {request.Data}: {train.Rows} rows × {train.Columns} features → {train.TargetName}; testing on {test.Rows} rows from {testDescription}."
            : $"Training logistic regression on {request.Data}: {train.Rows} rows × {train.Columns} features, classes {train.ClassNames[0]} (y = 0) and {train.ClassNames[1]} (y = 1), threshold {Format.Number(request.Threshold)}; testing on {test.Rows} rows from {testDescription}.");
        bool lbfgs = options.Solver == Solver.Lbfgs;
        output.WriteLine(lbfgs
            ? $"Loss: mean {loss}. Scaling {FeatureScaler.Name(scaler.Kind)}; full-batch L-BFGS on J = mean loss + λ/2·‖w‖² with λ = {Format.Number(options.L2)}, "
              + $"until ‖∇J‖∞ ≤ {Format.Number(options.Tolerance)} or {options.MaxIterations} iterations, from zero weights."
            : $"Loss: mean {loss}. Scaling {FeatureScaler.Name(scaler.Kind)}; gradient descent with η = {Format.Number(options.LearningRate)}, batch size {options.BatchSize}, {Format.Count(options.Epochs, "epoch")}, "
              + $"{(options.Shuffle ? $"shuffled (seed {options.Seed})" : "in file order")}, {(options.Initialization == Initialization.Zeros ? "zero" : "random")} initial weights.");
        string step = lbfgs ? "iter" : "epoch";
        bool validating = options.ValidationSplit > 0;           // per epoch: the held-out part of --data, else the test set
        string against = validating ? "val" : "test";
        if (validating)
            output.WriteLine($"Validating on {Format.Number(options.ValidationSplit * 100)}% of the {train.Rows} training rows (seed {options.Seed})"
                + (options.Patience > 0 ? $"; early stopping after {Format.Count(options.Patience, "epoch")} without improvement." : "."));
        output.WriteLine(linear || lbfgs ? $"{step,6}  {"loss",9}  {against + " loss",9}" : $"{step,6}  {"loss",9}  {"accuracy",8}  {against + " loss",9}  {against + " acc",8}");
        options = options with
        {
            OnEpoch = linear || lbfgs
                ? e => output.WriteLine($"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.ValidationLoss,9:F5}")
                : e => output.WriteLine($"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}"),
        };
        object model;
        if (linear)
        {
            var regression = new LinearRegression(request.Loss);
            var history = regression.Fit(train, options, validating ? null : test);
            if (validating) output.WriteLine($"Stopped: {history.StopReason}.");
            if (history.Lbfgs is { } result) output.WriteLine($"L-BFGS: {result.Describe()} after {result.Iterations} iterations ({result.Evaluations} evaluations of J), J = {Format.Number(result.Objective)}.");
            output.WriteLine($"Train: {Scores(regression.Evaluate(train))}");
            output.WriteLine($"Test:  {Scores(regression.Evaluate(test))}");
            model = regression;
        }
        else
        {
            var logistic = new LogisticRegression { Threshold = request.Threshold };
            var history = logistic.Fit(train, options, validating ? null : test);
            if (validating) output.WriteLine($"Stopped: {history.StopReason}.");
            if (history.Lbfgs is { } result) output.WriteLine($"L-BFGS: {result.Describe()} after {result.Iterations} iterations ({result.Evaluations} evaluations of J), J = {Format.Number(result.Objective)}.");
            output.WriteLine($"Train accuracy {logistic.Score(train):F4}, test accuracy {logistic.Score(test):F4} ({test.Rows} rows).");
            model = logistic;
        }
        if (request.Out is not null)
        {
            ModelFile.SaveAny(model, request.Out);
            output.WriteLine($"Model written to {request.Out}");
        }
        return 0;
    }

    /// <summary>`softmax predict` for a logistic or linear model: CSV of the predicted class and the two probabilities, or of the predicted value.</summary>
    public static int Predict(object model, string data, string? label, char? delimiter, string? outPath, TextWriter output)
    {
        var (features, rows, _) = LoadForModel(model, data, label, delimiter);
        void Write(TextWriter writer)
        {
            if (model is LogisticRegression logistic)
            {
                writer.WriteLine("predicted," + string.Join(",", logistic.ClassNames.Select(name => Format.CsvField("p(" + name + ")"))));
                float[] p = logistic.PredictProba(features);
                int[] predicted = logistic.Predict(features);
                for (int i = 0; i < rows; i++)
                    writer.WriteLine($"{Format.CsvField(logistic.ClassNames[predicted[i]])},{R(p[2 * i])},{R(p[2 * i + 1])}");
            }
            else
            {
                var linear = (LinearRegression)model;
                writer.WriteLine(Format.CsvField("predicted " + linear.TargetName));
                foreach (float y in linear.Predict(features)) writer.WriteLine(R(y));
            }
        }
        if (outPath is null)
        {
            Write(output);
            return 0;
        }
        AtomicFile.Write(outPath, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(writer);
        });
        output.WriteLine($"Predictions for {rows} rows written to {outPath}");
        return 0;
    }

    /// <summary>`softmax evaluate` for a logistic model (accuracy, cross-entropy, confusion) or a linear one (R², RMSE, MAE).</summary>
    public static int Evaluate(object model, string data, string? label, char? delimiter, TextWriter output, Action<TextWriter, ConfusionMatrix> writeConfusion)
    {
        var (_, _, labelled) = LoadForModel(model, data, label, delimiter);
        if (labelled is null)
            throw new UserInputException("the data has no label column, so there is nothing to compare with", "Give labelled data (or use 'softmax predict')", data);
        output.WriteLine($"{labelled.Rows} rows of {data}");
        if (model is LinearRegression linear)
        {
            var scores = linear.Evaluate(labelled);
            output.WriteLine($"R²    {Fixed(scores.R2)}");
            output.WriteLine($"RMSE  {Fixed(scores.Rmse)}");
            output.WriteLine($"MAE   {Fixed(scores.Mae)}");
            output.WriteLine($"MSE   {Fixed(scores.Mse)}  (mean (y − ŷ)², no ½)");
            return 0;
        }
        var logistic = (LogisticRegression)model;
        var confusion = new ConfusionMatrix(logistic.ClassNames, labelled.Labels, logistic.Predict(labelled));
        output.WriteLine($"Accuracy       {confusion.Accuracy:F4}  (threshold {Format.Number(logistic.Threshold)})");
        output.WriteLine($"Cross-entropy  {logistic.Loss(labelled):F5}  (mean binary cross-entropy)");
        output.WriteLine();
        writeConfusion(output, confusion);
        return 0;
    }

    /// <summary>`softmax export` for a logistic or linear model.</summary>
    public static int Export(object model, string path, TextWriter output)
    {
        OnnxExporter.SaveAny(model, path);
        output.WriteLine(model switch
        {
            LogisticRegression m => $"ONNX model (IR {OnnxExporter.IrVersion}, opset {OnnxExporter.Opset}) written to {path}: input 'features' [N, {m.Features}], "
                + $"outputs 'label', 'class_name' and 'probabilities' [N, 2] over {Format.List(m.ClassNames)} (threshold {Format.Number(m.Threshold)})",
            LinearRegression m => $"ONNX model (IR {OnnxExporter.IrVersion}, opset {OnnxExporter.Opset}) written to {path}: input 'features' [N, {m.Features}], output 'prediction' [N] ({m.TargetName})",
            _ => throw new ArgumentException("not a family model", nameof(model)),
        });
        return 0;
    }

    static (Dataset Train, Dataset Test, string Description) LoadTwoClasses(FamilyTrainRequest request)
    {
        var (all, includedTest) = DataSource.LoadLabelled(request.Data, request.Label, null, request.Delimiter);
        int[]? picked = request.Classes is null ? null : ClassSelection.Parse(request.Classes, all.ClassNames);
        if (picked is not null) all = all.SelectClasses(picked);
        if (all.Classes != 2)
            throw new UserInputException($"logistic regression needs two classes, {request.Data} has {all.Classes} ({Format.List(all.ClassNames)})",
                $"Pick two with --classes, e.g. --classes 0,1 or --classes {Format.CsvField(all.ClassNames[0])},{Format.CsvField(all.ClassNames[1])}");
        if (request.Test is not null)
        {
            var test = DataSource.LoadLabelled(request.Test, request.Label, null, request.Delimiter).Data;
            return (all, ForClasses(test, all.ClassNames, request.Test), request.Test);
        }
        if (includedTest is not null) return (all, ForClasses(includedTest, all.ClassNames, request.Data), "its test files");
        var (train, split) = all.Split(request.TestSplit, request.Options.Seed);
        return (train, split, $"a {Format.Number(request.TestSplit * 100)}% split (seed {request.Options.Seed})");
    }

    static (Dataset Train, Dataset Test, string Description) LoadRegression(FamilyTrainRequest request)
    {
        if (request.Classes is not null) throw new UserInputException("--classes picks classes for a classifier; linear regression has a numeric target", "Leave out --classes");
        var all = LoadRegressionTable(request.Data, request.Label, request.Delimiter);
        if (request.Test is not null) return (all, LoadRegressionTable(request.Test, request.Label, request.Delimiter), request.Test);
        var (train, test) = all.Split(request.TestSplit, request.Options.Seed);
        return (train, test, $"a {Format.Number(request.TestSplit * 100)}% split (seed {request.Options.Seed})");
    }

    static Dataset LoadRegressionTable(string data, string? label, char? delimiter)
    {
        if (IdxReader.IsIdxDirectory(data))
            throw new UserInputException("is a directory of images with class labels, not a table with a numeric target", "Train a classifier on it (--model softmax or logistic)", data);
        if (!File.Exists(data) && EmbeddedDatasets.Contains(data))
        {
            var embedded = EmbeddedDatasets.Load(data);
            if (!embedded.IsRegression)
                throw new UserInputException($"the embedded dataset '{data}' has classes, not a numeric target", "Use e.g. --data house-prices", data);
            return embedded;
        }
        if (Directory.Exists(data) || !File.Exists(data)) DataSource.LoadLabelled(data, label, null, delimiter);   // throws the usual message
        return CsvReader.Read(data, label, delimiter).ToRegressionDataset();
    }

    /// <summary>The rows of <paramref name="data"/> whose class is one of <paramref name="classNames"/>, relabelled in that order.</summary>
    static Dataset ForClasses(Dataset data, string[] classNames, string source)
    {
        if (data.ClassNames.SequenceEqual(classNames)) return data;
        var picked = classNames.Select(name => Array.IndexOf(data.ClassNames, name)).ToArray();
        if (picked.Contains(-1))
            throw new UserInputException($"the data's classes ({Format.List(data.ClassNames)}) do not include the model's ({string.Join(", ", classNames)})", "Use data with the model's classes", source);
        return data.SelectClasses(picked);
    }

    /// <summary>X [n, d] and, when the data has labels or targets, the labelled dataset (for a logistic model: only its two classes).</summary>
    static (float[] Features, int Rows, Dataset? Labelled) LoadForModel(object model, string data, string? label, char? delimiter)
    {
        int d = model is LogisticRegression l ? l.Features : ((LinearRegression)model).Features;
        Dataset? labelled;
        if (IdxReader.IsIdxDirectory(data) || (!File.Exists(data) && EmbeddedDatasets.Contains(data)))
        {
            if (model is LinearRegression) labelled = LoadRegressionTable(data, label, delimiter);
            else
            {
                var (train, test) = DataSource.LoadLabelled(data, label);
                labelled = ForClasses(test ?? train, ((LogisticRegression)model).ClassNames, data);
            }
        }
        else
        {
            if (Directory.Exists(data) || !File.Exists(data)) DataSource.LoadLabelled(data, label, null, delimiter);   // throws the usual message
            bool onlyFeatures = label is null && CsvReader.ReadHeader(data, delimiter).Length == d;
            var table = CsvReader.Read(data, onlyFeatures ? "none" : label, delimiter);
            CheckFeatures(table.FeatureNames.Length, d, data);
            if (table.Labels is null) return (table.Features, table.Rows, null);
            labelled = model is LogisticRegression logistic ? table.ToDataset(logistic.ClassNames) : table.ToRegressionDataset();
        }
        CheckFeatures(labelled.Columns, d, data);
        return (labelled.Features, labelled.Rows, labelled);
    }

    static void CheckFeatures(int columns, int features, string data)
    {
        if (columns != features)
            throw new UserInputException($"the data has {columns} feature columns but the model was trained on {features}",
                "Give data with the same feature columns as the training data (and name the label column with --label)", data);
    }

    static string Scores(RegressionScores s) => $"R² {Fixed(s.R2)}, RMSE {Fixed(s.Rmse)}, MAE {Fixed(s.Mae)} ({s.Rows} rows)";

    static string Fixed(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    static string R(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
