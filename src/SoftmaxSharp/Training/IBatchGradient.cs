namespace SoftmaxSharp.Training;

/// <summary>
/// What <see cref="GradientDescent"/> needs from a model: the gradient of a batch's mean loss and the loss on
/// validation data. The trainer (epochs, batches, shuffling, the update θ ← θ − η∇, divergence checks, history)
/// is the same for every model of the family; only this part differs, and within it only the link
/// (<see cref="Core.IOutputLink"/>).
/// </summary>
internal interface IBatchGradient : IDisposable
{
    /// <summary>∇W, ∇b of the mean loss over rows[start .. start + count) (overwritten); the summed loss and the rows predicted right.</summary>
    /// <param name="weighted">softmax regression's class weights and label smoothing (null: the plain mean); the other models take none</param>
    (double LossSum, int Correct) Compute(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float[] gradW, float[] gradB,
        Core.WeightedCrossEntropy? weighted);
    /// <summary>Mean loss and accuracy (NaN for regression) on all rows of <paramref name="source"/>, in the buffers of <paramref name="work"/> (k outputs × d).</summary>
    (double Loss, double Accuracy) Evaluate(float[] weights, float[] bias, RowSource source, BatchGradient.Workspace work);
    /// <summary>The loss of zero weights on the training data: the divergence check's yardstick (ln k for softmax).</summary>
    double ZeroWeightsLoss { get; }
    /// <summary>Whether the model classifies (accuracy is reported) or regresses (accuracy is NaN).</summary>
    bool Classifies { get; }
}

/// <summary>Softmax regression's batch gradient: the fused, sharded kernels of <see cref="BatchGradient"/> (the hot path), unchanged.</summary>
internal sealed class SoftmaxBatchGradient(int k, int d) : IBatchGradient
{
    readonly ShardedGradient _sharded = new(k, d);

    public (double LossSum, int Correct) Compute(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float[] gradW, float[] gradB,
        Core.WeightedCrossEntropy? weighted) =>
        _sharded.Compute(weights, bias, source, rows, start, count, gradW, gradB, weighted);

    public (double Loss, double Accuracy) Evaluate(float[] weights, float[] bias, RowSource source, BatchGradient.Workspace work) =>
        BatchGradient.Evaluate(weights, bias, source, work);

    /// <summary>Plain SGD on a batch of fewer than <see cref="ShardedGradient.FusedStepBelow"/> rows, in one pass (<see cref="ShardedGradient.Descend"/>).</summary>
    public (double LossSum, int Correct) Descend(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float learningRate, float[] gradB) =>
        _sharded.Descend(weights, bias, source, rows, start, count, learningRate, gradB);

    /// <summary>Per-sample plain SGD over a whole epoch (<see cref="ShardedGradient.DescendEachRow"/>).</summary>
    public (double LossSum, int Correct) DescendEachRow(float[] weights, float[] bias, RowSource source, int[] order, float learningRate, float[] gradB) =>
        _sharded.DescendEachRow(weights, bias, source, order, learningRate, gradB);

    /// <summary>Plain SGD over an epoch in batches of <paramref name="batchSize"/> rows (<see cref="ShardedGradient.DescendEpoch"/>).</summary>
    public (double LossSum, long Correct) DescendEpoch(float[] weights, float[] bias, RowSource source, int[] order, int batchSize, float learningRate, float[] gradB) =>
        _sharded.DescendEpoch(weights, bias, source, order, batchSize, learningRate, gradB);

    /// <summary>Plain SGD on a batch of any size: the shards, then the step straight from their buffers (<see cref="ShardedGradient.DescendBatch"/>).</summary>
    public (double LossSum, int Correct) DescendBatch(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float learningRate, float[] gradB) =>
        _sharded.DescendBatch(weights, bias, source, rows, start, count, learningRate, gradB);

    public double ZeroWeightsLoss => Math.Log(k);
    public bool Classifies => true;
    public void Dispose() => _sharded.Dispose();
}
