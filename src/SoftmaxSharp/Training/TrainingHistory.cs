namespace SoftmaxSharp.Training;

/// <summary>
/// One epoch's numbers. Train loss and accuracy are averaged over the epoch's mini-batches as they were
/// computed (before each step's update), as PyTorch training loops report them; validation numbers
/// are computed on the whole validation set with the weights at the end of the epoch (NaN without one).
/// </summary>
public readonly record struct EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, TimeSpan Elapsed)
{
    public bool HasValidation => !double.IsNaN(ValidationLoss);
}

/// <summary>The per-epoch results of one training run, in order (with L-BFGS: one per iteration).</summary>
public sealed class TrainingHistory
{
    readonly List<EpochResult> _epochs;

    internal TrainingHistory(int capacity = 0) => _epochs = new List<EpochResult>(capacity);

    public IReadOnlyList<EpochResult> Epochs => _epochs;

    /// <summary>How L-BFGS ended (iterations, evaluations, J, ‖∇J‖∞, why it stopped); null for gradient descent.</summary>
    public LbfgsResult? Lbfgs { get; internal set; }

    internal void Add(EpochResult result) => _epochs.Add(result);
}
