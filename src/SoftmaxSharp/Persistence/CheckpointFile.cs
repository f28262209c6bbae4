using System.Text.Json;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Persistence;

/// <summary>A loaded checkpoint: the training state, the model as it stood (weights, scaler, names), the options and how the run was started.</summary>
/// <param name="Run">what the caller stored to restart the run (e.g. the command line's data and output paths)</param>
public sealed record Checkpoint(TrainingCheckpoint State, SoftmaxRegression Model, TrainingOptions Options, IReadOnlyDictionary<string, string> Run);

/// <summary>
/// Checkpoint files: JSON like the model file (same checksum rule), plus the epoch, the per-epoch
/// history and the training options. Written atomically, so a run killed while writing one keeps
/// the previous checkpoint.
/// </summary>
public static class CheckpointFile
{
    public const string Format = "softmaxsharp-checkpoint";
    public const int Version = 1;

    /// <summary>Writes the state after <c>state.Epoch</c> epochs of training a model with these names and scaler.</summary>
    public static void Save(string path, TrainingCheckpoint state, string[] featureNames, string[] classNames, FeatureScaler scaler,
        TrainingOptions options, IReadOnlyDictionary<string, string>? run = null)
    {
        var model = ModelFile.ToDocument(new SoftmaxRegression(state.Weights, state.Bias, featureNames, classNames, scaler));
        var document = new CheckpointDocument(Format, Version, state.Epoch, model,
            new CheckpointOptions(options.Epochs, options.LearningRate, options.BatchSize, options.Seed, options.Shuffle,
                options.Initialization.ToString().ToLowerInvariant(), FeatureScaler.Name(options.Scaling), options.CheckpointEvery,
                options.ClassWeights, options.LabelSmoothing,
                options.Optimizer.ToString().ToLowerInvariant(), options.Momentum, options.Centered, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.L2,
                LearningRateSchedule.Name(options.Schedule), options.StepSize, options.Gamma, options.MinLearningRate, options.ValidationSplit, options.Patience),
            state.History.Select(e => new CheckpointEpoch(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.Elapsed.TotalSeconds, e.Penalty, e.LearningRate)).ToArray(),
            run is null ? null : new Dictionary<string, string>(run),
            state.Optimizer is null ? null : new CheckpointOptimizer(state.Optimizer.Names, state.Optimizer.Blocks.Select(b => new CheckpointOptimizerBlock(b.Length, b.Steps, b.Buffers)).ToArray()),
            state.BestWeights, state.BestBias);
        document = document with { Checksum = ModelFile.Checksum(document, ModelJsonContext.Default.CheckpointDocument) };
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, ModelJsonContext.Default.CheckpointDocument));
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>; a damaged or foreign file is a <see cref="UserInputException"/>.</summary>
    public static Checkpoint Load(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a checkpoint file", "Give the file written by 'softmax train --checkpoint'", path);
        if (!File.Exists(path)) throw new UserInputException("checkpoint file not found", "Give the file written by 'softmax train --checkpoint'", path);
        CheckpointDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = ModelFile.Deserialize(stream, ModelJsonContext.Default.CheckpointDocument, path, "checkpoint file");
        }
        catch (IOException e) { throw new UserInputException($"cannot read the checkpoint: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }

        if (document is null || document.Format != Format || document.Model is null || document.Options is null || document.History is null)
            throw new UserInputException("not a SoftmaxSharp checkpoint file", "Give the file written by 'softmax train --checkpoint'", path);
        if (document.Version != Version)
            throw new UserInputException($"checkpoint format version {document.Version} is not this tool's ({Version})", "Resume with the version of SoftmaxSharp that wrote it", path);
        if (document.Checksum != ModelFile.Checksum(document with { Checksum = null }, ModelJsonContext.Default.CheckpointDocument))
            throw new UserInputException("the checkpoint's checksum does not match its content", "The file was edited or damaged; start training again", path);
        var model = ModelFile.FromDocument(document.Model, path);
        var o = document.Options;
        var options = new TrainingOptions
        {
            Epochs = o.Epochs, LearningRate = o.LearningRate, BatchSize = o.BatchSize, Seed = o.Seed, Shuffle = o.Shuffle,
            Initialization = o.Initialization == "random" ? Initialization.Random : Initialization.Zeros,
            Scaling = FeatureScaler.ParseKind(o.Scaling ?? "(missing)"), CheckpointEvery = o.CheckpointEvery,
            ClassWeights = o.ClassWeights, LabelSmoothing = o.LabelSmoothing,
            Optimizer = Enum.TryParse<OptimizerKind>(o.Optimizer, ignoreCase: true, out var kind) ? kind
                : throw new UserInputException($"unknown optimizer '{o.Optimizer}' in the checkpoint", "Resume with the version of SoftmaxSharp that wrote it", path),
            Momentum = o.Momentum, Centered = o.Centered, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay, L2 = o.L2,
            Schedule = LearningRateSchedule.Parse(o.Schedule), StepSize = o.StepSize, Gamma = o.Gamma, MinLearningRate = o.MinLearningRate,
            ValidationSplit = o.ValidationSplit, Patience = o.Patience,
        };
        var history = document.History.Select(e => new EpochResult(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, TimeSpan.FromSeconds(e.Seconds))
            { Penalty = e.Penalty, LearningRate = e.LearningRate }).ToArray();
        var optimizer = document.Optimizer is null ? null
            : new OptimizerState(document.Optimizer.Names, document.Optimizer.Blocks.Select(b => new OptimizerBlockState(b.Length, b.Steps, b.Buffers)).ToArray());
        var state = new TrainingCheckpoint(document.Epoch, model.Weights, model.Bias, history, optimizer, document.BestWeights, document.BestBias);
        return new Checkpoint(state, model, options, document.Run ?? new Dictionary<string, string>());
    }
}

internal sealed record CheckpointOptions(int Epochs, float LearningRate, int BatchSize, int Seed, bool Shuffle, string Initialization, string Scaling, int CheckpointEvery,
    float[]? ClassWeights = null, float LabelSmoothing = 0,
    string Optimizer = "sgd", float? Momentum = null, bool Centered = false, float Beta1 = 0.9f, float Beta2 = 0.999f, float? Epsilon = null, float? WeightDecay = null, double L2 = 0,
    string Schedule = "constant", int StepSize = 10, double Gamma = 0.1, double MinLearningRate = 0, double ValidationSplit = 0, int Patience = 0);
internal sealed record CheckpointEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds,
    double Penalty = 0, double LearningRate = 0);
/// <summary>The optimizer's per-block state (<see cref="OptimizerState"/>).</summary>
internal sealed record CheckpointOptimizer(string[] Names, CheckpointOptimizerBlock[] Blocks);
internal sealed record CheckpointOptimizerBlock(int Length, long Steps, float[][] Buffers);
internal sealed record CheckpointDocument(string Format, int Version, int Epoch, ModelDocument Model, CheckpointOptions Options, CheckpointEpoch[] History,
    Dictionary<string, string>? Run, CheckpointOptimizer? Optimizer = null, float[]? BestWeights = null, float[]? BestBias = null, string? Checksum = null);
