using System.Diagnostics;
using System.Numerics.Tensors;

namespace SoftmaxSharp.Training;

/// <summary>
/// Gradient descent on the mean cross-entropy: every epoch visits the rows (shuffled or in order) in
/// batches of m and takes the step θ ← θ − η∇ after each. m = 1 is the lectures' per-sample loop,
/// 1 &lt; m &lt; n mini-batch, m ≥ n full-batch gradient descent. A last batch shorter than m is
/// averaged over its own size, as PyTorch's DataLoader does.
/// </summary>
internal static class GradientDescent
{
    /// <summary>Trains W [k, d] and b [k] in place.</summary>
    public static TrainingHistory Run(float[] weights, float[] bias, RowSource train, RowSource? validation, TrainingOptions options, Random random)
    {
        int k = bias.Length, n = train.Rows, m = Math.Min(options.BatchSize, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var gradW = new float[weights.Length];                    // ∇W [k, d]
        var gradB = new float[k];                                 // ∇b [k]
        var work = new BatchGradient.Workspace(k, train.Columns);
        var weighted = options.ClassWeights is null && options.LabelSmoothing == 0 && train.SampleWeights is null
            ? null : new Core.WeightedCrossEntropy(k, options.ClassWeights, options.LabelSmoothing);   // null: the plain mean cross-entropy
        using var gradient = new ShardedGradient(k, train.Columns);
        var lastGoodW = new float[weights.Length];
        var lastGoodB = new float[k];
        var history = new TrainingHistory(options.Epochs);   // sized up front: the epoch loop allocates nothing
        var clock = Stopwatch.StartNew();
        float step = -options.LearningRate;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            weights.CopyTo(lastGoodW, 0);
            bias.CopyTo(lastGoodB, 0);
            if (options.Shuffle) random.Shuffle(order);
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < n; start += m)
            {
                var (batchLoss, batchCorrect) = gradient.Compute(weights, bias, train, order, start, Math.Min(m, n - start), gradW, gradB, weighted);
                lossSum += batchLoss;
                correct += batchCorrect;
                TensorPrimitives.MultiplyAdd(gradW, step, weights, weights);   // W ← W − η∇W
                TensorPrimitives.MultiplyAdd(gradB, step, bias, bias);         // b ← b − η∇b
            }

            double trainLoss = lossSum / n;
            var (validationLoss, validationAccuracy) = validation is null
                ? (double.NaN, double.NaN)
                : BatchGradient.Evaluate(weights, bias, validation, work);
            if (!double.IsFinite(trainLoss) || !AllFinite(weights) || !AllFinite(bias))
            {
                lastGoodW.CopyTo(weights, 0);
                lastGoodB.CopyTo(bias, 0);
                throw new UserInputException(
                    $"training diverged in epoch {epoch}: the loss became {(double.IsFinite(trainLoss) ? "finite but the weights overflowed" : trainLoss.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
                    $"Use a smaller learning rate (now {options.LearningRate}) or scale the features (--scale standardize)");
            }
            var result = new EpochResult(epoch, trainLoss, (double)correct / n, validationLoss, validationAccuracy, clock.Elapsed);
            history.Add(result);
            options.OnEpoch?.Invoke(result);
        }
        return history;
    }

    static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }
}
