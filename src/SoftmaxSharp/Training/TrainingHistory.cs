namespace SoftmaxSharp.Training;

/// <summary>
/// One epoch's numbers. Train loss and accuracy are averaged over the epoch's mini-batches as they were
/// computed (before each step's update), as PyTorch training loops report them; validation numbers
/// are computed on the whole validation set with the weights at the end of the epoch (NaN without one).
/// <see cref="TrainLoss"/> is the data loss alone; with L2 the objective adds <see cref="Penalty"/>.
/// </summary>
public readonly record struct EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, TimeSpan Elapsed)
{
    public bool HasValidation => !double.IsNaN(ValidationLoss);
    /// <summary>λ/2·‖W‖² with the weights at the end of the epoch (0 without L2).</summary>
    public double Penalty { get; init; }
    /// <summary>The objective minimized: <see cref="TrainLoss"/> + <see cref="Penalty"/>.</summary>
    public double Objective => TrainLoss + Penalty;
    /// <summary>η of this epoch (as the schedule set it).</summary>
    public double LearningRate { get; init; }
}

/// <summary>The per-epoch results of one training run, in order (with L-BFGS: one per iteration), and how it ended.</summary>
public sealed class TrainingHistory
{
    readonly List<EpochResult> _epochs;

    internal TrainingHistory(int capacity = 0) => _epochs = new List<EpochResult>(capacity);

    public IReadOnlyList<EpochResult> Epochs => _epochs;

    /// <summary>The epoch with the lowest validation loss, whose weights the model keeps under early stopping; 0 without validation data.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Whether early stopping ended the run before its last epoch.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>Why the run ended, in words.</summary>
    public string StopReason { get; internal set; } = "";

    /// <summary>
    /// Records how a gradient-descent run ended, after its last epoch: <see cref="StoppedEarly"/> and <see cref="StopReason"/>
    /// ("completed 10 epochs", or early stopping after the patience), saying so when the best epoch's weights were kept.
    /// </summary>
    internal void Finish(bool earlyStopping, TrainingOptions options, bool keptBest)
    {
        StoppedEarly = earlyStopping && Epochs.Count < options.Epochs;
        StopReason = (StoppedEarly
                ? $"early stopping: the validation loss has not improved for {Count(options.Patience, "epoch")} since epoch {BestEpoch}"
                : $"completed {Count(options.Epochs, "epoch")}")
            + (keptBest ? $"; kept the weights of epoch {BestEpoch}, the lowest validation loss" : "");
    }

    static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>How L-BFGS ended (iterations, evaluations, J, ‖∇J‖∞, why it stopped); null for gradient descent.</summary>
    public LbfgsResult? Lbfgs { get; internal set; }

    internal void Add(EpochResult result) => _epochs.Add(result);
}
