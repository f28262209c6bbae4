using System.Diagnostics;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax train --hidden …`: the feedforward network's part of the train verb.</summary>
static class NetworkTraining
{
    /// <summary>
    /// The untrained network that --hidden, --activation and --init describe, or null without --hidden (softmax regression,
    /// for which --activation and the network initializations are errors).
    /// </summary>
    public static NeuralNetwork? Create(string? hidden, string? activation, string? init, bool continuing)
    {
        if (hidden is null)
        {
            if (activation is not null) throw new UserInputException("--activation needs --hidden: softmax regression has no hidden layer", "Add e.g. --hidden 100");
            if (init is "xavier" or "he") throw new UserInputException($"--init {init} is for networks (--hidden)", "Use --init zeros or random for softmax regression, or add e.g. --hidden 100");
            return null;
        }
        if (init is "zeros" or "random")
            throw new UserInputException($"--init {init} is for softmax regression; a network needs xavier or he", "Leave --init out (he for the ReLUs, xavier otherwise) or give --init xavier|he");
        if (continuing)
            throw new UserInputException("--from, --checkpoint and --resume are not supported with --hidden yet", "Train the network from scratch without them");
        var sizes = new List<int>();
        foreach (string part in hidden.Split(',', StringSplitOptions.TrimEntries))
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size) || size < 1)
                throw new UserInputException($"--hidden '{hidden}' is not a list of layer sizes ≥ 1", "Use e.g. --hidden 100 or --hidden 256,128");
            else sizes.Add(size);
        var g = activation is null ? Activation.Relu : Activations.Parse(activation);
        WeightInitialization? initialization = init switch { "xavier" => WeightInitialization.Xavier, "he" => WeightInitialization.He, _ => null };
        return new NeuralNetwork(sizes.ToArray(), g, initialization);
    }

    /// <summary>The softmax regression model `train --from` continues; a network (or another kind) is a one-line error.</summary>
    public static SoftmaxRegression SoftmaxToContinue(string path) => ClassifierFile.LoadAny(path) switch
    {
        SoftmaxRegression softmax => softmax,
        NeuralNetwork => throw new UserInputException("--from continues softmax regression models, and this file holds a network", "Warm starts of networks are not supported yet: train it anew with --hidden", path),
        var other => throw new UserInputException($"--from continues softmax regression models, and this file holds a {other.GetType().Name}", "Give a model trained without --model", path),
    };

    /// <summary>`softmax gradcheck --model network`: a network with the given hidden layers on a random 3-class problem.</summary>
    public static (IDifferentiableModel Model, Dataset Data, string Description) GradcheckProblem(string hidden, string? activation, int n, int d, int seed)
    {
        var network = Create(hidden, activation ?? "relu", null, continuing: false)!;
        var data = GradientCheck.RandomClassification(n, d, 3, seed);
        network.Initialize(data.FeatureNames, data.ClassNames, new Random(seed));
        return (network, data, $"a feedforward network {string.Join("-", network.LayerSizes)} ({Activations.Name(network.Activation)})");
    }

    /// <summary>
    /// The finite-difference step for a network: the ReLUs have kinks, and a step that crosses one for some row measures
    /// the average of two slopes; h = 1e-5 makes that 100× rarer than the default 1e-3, and the objective's double
    /// precision leaves such a step accurate (its truncation error is smaller still).
    /// </summary>
    public static double GradcheckStep(string? activation) =>
        activation is null or "relu" or "leaky-relu" ? 1e-5 : GradientCheck.DefaultStep;

    /// <summary>Trains <paramref name="network"/>, printing progress per epoch as for softmax regression; writes it to <paramref name="outFile"/>.</summary>
    public static int Train(TextWriter output, NeuralNetwork network, Dataset train, Dataset testSet, TrainingOptions options, string dataName, string testDescription, string? outFile, bool quiet = false)
    {
        int[] sizes = [train.Columns, .. network.Hidden, train.Classes];
        output.WriteLine($"Training a feedforward network {string.Join("-", sizes)} ({Activations.Name(network.Activation)} hidden units, softmax output) on {dataName}: "
            + $"{train.Rows} rows × {train.Columns} features, {train.Classes} classes ({Format.List(train.ClassNames)}); testing on {testSet.Rows} rows from {testDescription}.");
        output.WriteLine($"Scaling {FeatureScaler.Name(options.Scaling)}; batch size {options.BatchSize}, {Format.Count(options.Epochs, "epoch")}, η = {Format.Number(options.LearningRate)}, "
            + $"{(options.Shuffle ? $"shuffled (seed {options.Seed})" : "in file order")}, {network.Initialization} initial weights.");
        output.WriteLine($"Optimizer {TrainCommand.Describe(options)}.");
        bool validating = options.ValidationSplit > 0;           // per epoch: the held-out part of --data, else the test set
        if (validating)
            output.WriteLine($"Validating on {Format.Number(options.ValidationSplit * 100)}% of the {train.Rows} training rows (seed {options.Seed})"
                + (options.Patience > 0 ? $"; early stopping after {Format.Count(options.Patience, "epoch")} without improvement." : "."));
        string against = validating ? "val" : "test";
        bool penalized = options.L2 > 0;
        var clock = Stopwatch.StartNew();
        var progress = new TrainProgress(output, quiet, options.Epochs, train.Rows,
            $"{"epoch",6}  {"loss",9}  {"accuracy",8}  {against + " loss",9}  {against + " acc",8}" + (penalized ? $"  {"objective",9}" : ""),
            e => $"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}" + (penalized ? $"  {e.Objective,9:F5}" : ""));
        var history = progress.Run(() => network.Fit(train, options with { OnEpoch = progress.OnEpoch }, validating ? null : testSet));
        double seconds = clock.Elapsed.TotalSeconds;
        if (validating) output.WriteLine($"Stopped: {history.StopReason}.");
        output.WriteLine($"Train accuracy {network.Score(train):F4}, test accuracy {network.Score(testSet):F4} ({testSet.Rows} rows); trained in {seconds:F2} s with the {WiderBinary.Kernels} kernels.");
        output.WriteLine("Test accuracy per class: " + TrainCommand.PerClassAccuracy(network, testSet));
        if (outFile is not null)
        {
            NetworkFile.Save(network, outFile);
            output.WriteLine($"Model written to {outFile}");
        }
        return 0;
    }
}
