using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;

namespace SoftmaxSharp.Training;

/// <summary>
/// Gradient descent on the mean cross-entropy (+ λ/2·‖W‖² with L2): every epoch visits the rows (shuffled or
/// in order) in batches of m and takes an optimizer step after each (plain SGD: θ ← θ − η∇). m = 1 is the
/// lectures' per-sample loop, 1 &lt; m &lt; n mini-batch, m ≥ n full-batch gradient descent. A last batch
/// shorter than m is averaged over its own size, as PyTorch's DataLoader does. η follows the schedule per
/// epoch; with validation data and a patience, the run stops when the validation loss has not improved for
/// that many epochs and keeps the best epoch's weights.
/// </summary>
internal static class GradientDescent
{
    /// <summary>
    /// A run is declared diverged when an epoch's loss exceeds this many times ln k, the loss of zero weights
    /// (a uniform guess): a reference that does not depend on the run, so a resumed run decides the same way.
    /// </summary>
    public const double DivergenceGrowth = 1e3;

    /// <summary>
    /// Trains W [k, d] and b [k] in place. With <paramref name="resume"/> the first <c>resume.Epoch</c> epochs
    /// are taken as done (W and b already hold their result): their shuffles are replayed on
    /// <paramref name="random"/> (cheap; no gradients) so the run goes on exactly as if never interrupted.
    /// </summary>
    /// <param name="family">the batch gradient of another model of the family (logistic, linear regression: <see cref="LinkedGradient{TLink}"/>);
    /// null for softmax regression's own kernels</param>
    public static TrainingHistory Run(float[] weights, float[] bias, RowSource train, RowSource? validation, TrainingOptions options, SeededRandom random,
        TrainingCheckpoint? resume = null, IBatchGradient? family = null)
    {
        int k = bias.Length, n = train.Rows, m = Math.Min(options.BatchSize, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // A full batch sums every row into one step: the order changes only the rounding, so the rows are read in storage
        // order, which the hardware prefetcher streams (a shuffled full batch reads 47 MB of Fashion-MNIST a row at a time).
        bool shuffle = options.Shuffle && m < n;
        var gradW = Kernels.AlignedArrays.Floats(weights.Length);                    // ∇W [k, d]
        var gradB = new float[k];                                 // ∇b [k]
        var work = new BatchGradient.Workspace(k, train.Columns);
        var weighted = options.ClassWeights is null && options.LabelSmoothing == 0 && train.SampleWeights is null
            ? null : new Core.WeightedCrossEntropy(k, options.ClassWeights, options.LabelSmoothing);   // null: the plain mean cross-entropy
        using var gradient = family ?? new SoftmaxBatchGradient(k, train.Columns);   // the only model-specific part: ∇ of a batch's loss
        var lastGoodW = new float[weights.Length];
        var lastGoodB = new float[k];
        var history = new TrainingHistory(options.Epochs);   // sized up front: the epoch loop allocates nothing
        int first = 1;
        if (resume is not null)
        {
            foreach (var done in resume.History) history.Add(done);
            first = resume.Epoch + 1;
            if (shuffle)
                for (int epoch = 1; epoch < first; epoch++) random.Shuffle(order);   // the RNG and the order as they were after epoch resume.Epoch
        }
        var optimizer = options.CreateOptimizer();
        if (resume?.Optimizer is not null) optimizer.LoadState(resume.Optimizer);
        var schedule = options.LearningRateSchedule;
        float l2 = (float)options.L2;
        bool earlyStopping = options.Patience > 0 && validation is not null;
        var bestW = earlyStopping ? new float[weights.Length] : null;   // the best epoch's weights, kept under early stopping
        var bestB = earlyStopping ? new float[k] : null;
        double bestLoss = double.PositiveInfinity;
        foreach (var done in history.Epochs)                      // on resume: the best epoch so far, by the same rule as below
            if (done.ValidationLoss < bestLoss) (bestLoss, history.BestEpoch) = (done.ValidationLoss, done.Epoch);
        if (earlyStopping && resume?.BestWeights is not null && resume.BestBias is not null)
        {
            resume.BestWeights.CopyTo(bestW!, 0);
            resume.BestBias.CopyTo(bestB!, 0);
        }
        // Per-sample and other small-batch plain SGD on softmax regression: the same step, fused (no ∇W buffer to clear, fill and read back).
        var plainSgd = gradient is SoftmaxBatchGradient softmax && weighted is null && l2 == 0
            && optimizer is Optimizers.Sgd { Momentum: 0, WeightDecay: 0 } ? softmax : null;
        var fused = m < ShardedGradient.FusedStepBelow ? plainSgd : null;
        var clock = Stopwatch.StartNew();
        double uniformLoss = gradient.ZeroWeightsLoss;            // the loss of zero weights (softmax: ŷ uniform, ln k): where every run starts, near enough

        for (int epoch = first; epoch <= options.Epochs && !(earlyStopping && Exhausted(epoch - 1)); epoch++)
        {
            weights.CopyTo(lastGoodW, 0);
            bias.CopyTo(lastGoodB, 0);
            if (shuffle) random.Shuffle(order);
            optimizer.LearningRate = (float)schedule.Rate(epoch - 1);
            double lossSum = 0;
            long correct = 0;
            if (fused is not null && m == 1)                      // the lectures' per-sample loop: the step and the next row's scores in one pass over W
                (lossSum, correct) = fused.DescendEachRow(weights, bias, train, order, optimizer.LearningRate, gradB);
            else if (fused is null && plainSgd is not null)        // plain SGD, larger batches: the step straight from the shards' buffers, batch after batch
                (lossSum, correct) = plainSgd.DescendEpoch(weights, bias, train, order, m, optimizer.LearningRate, gradB);
            else for (int start = 0; start < n; start += m)
            {
                if (fused is not null)                            // plain SGD, small batch: θ ← θ − η∇ in the gradient's own pass
                {
                    var (loss, right) = fused.Descend(weights, bias, train, order, start, Math.Min(m, n - start), optimizer.LearningRate, gradB);
                    lossSum += loss;
                    correct += right;
                    continue;
                }
                var (batchLoss, batchCorrect) = gradient.Compute(weights, bias, train, order, start, Math.Min(m, n - start), gradW, gradB, weighted);
                lossSum += batchLoss;
                correct += batchCorrect;
                if (l2 != 0) TensorPrimitives.MultiplyAdd(weights, l2, gradW, gradW);   // ∇W ← ∇W + λW (biases not penalized)
                optimizer.Step(0, weights, gradW, decay: true);                          // e.g. W ← W − η∇W
                optimizer.Step(1, bias, gradB, decay: false);                            // e.g. b ← b − η∇b
            }

            double trainLoss = lossSum / n;
            var (validationLoss, validationAccuracy) = validation is null
                ? (double.NaN, double.NaN)
                : gradient.Evaluate(weights, bias, validation, work);
            bool grew = trainLoss > DivergenceGrowth * uniformLoss;   // orders of magnitude above the loss of zero weights
            if (!double.IsFinite(trainLoss) || grew || !AllFinite(weights) || !AllFinite(bias))
            {
                lastGoodW.CopyTo(weights, 0);                    // keep the weights of the last good epoch
                lastGoodB.CopyTo(bias, 0);
                string what = !double.IsFinite(trainLoss) ? $"the loss became {trainLoss.ToString(CultureInfo.InvariantCulture)}"
                    : grew ? $"the loss grew to {trainLoss.ToString("G4", CultureInfo.InvariantCulture)}, over {DivergenceGrowth:0} × the loss of zero weights ({(family is null ? $"ln {k} = " : "")}{uniformLoss.ToString("G4", CultureInfo.InvariantCulture)})"
                    : "the loss is finite but the weights overflowed";
                throw new UserInputException($"training diverged in epoch {epoch}: {what}",
                    $"Use a smaller learning rate (now {options.LearningRate.ToString(CultureInfo.InvariantCulture)}) or scale the features (--scale standardize)");
            }
            double penalty = l2 == 0 ? 0 : options.L2 / 2 * TensorPrimitives.Dot(weights, weights);   // λ/2·‖W‖²
            var result = new EpochResult(epoch, trainLoss, gradient.Classifies ? (double)correct / n : double.NaN, validationLoss, validationAccuracy, clock.Elapsed)
            {
                Penalty = penalty, LearningRate = optimizer.LearningRate,
            };
            history.Add(result);
            if (validationLoss < bestLoss)
            {
                (bestLoss, history.BestEpoch) = (validationLoss, epoch);
                if (earlyStopping)
                {
                    weights.CopyTo(bestW!, 0);
                    bias.CopyTo(bestB!, 0);
                }
            }
            options.OnEpoch?.Invoke(result);
            bool last = epoch == options.Epochs || (earlyStopping && Exhausted(epoch));
            if (options.OnCheckpoint is not null && options.CheckpointEvery > 0 && (epoch % options.CheckpointEvery == 0 || last))
                options.OnCheckpoint(new TrainingCheckpoint(epoch, (float[])weights.Clone(), (float[])bias.Clone(), history.Epochs.ToArray(),
                    optimizer.SaveState(), (float[]?)bestW?.Clone(), (float[]?)bestB?.Clone()));
        }

        bool keepBest = earlyStopping && history.BestEpoch > 0;
        if (keepBest)
        {
            bestW!.CopyTo(weights, 0);                            // keep the best epoch's weights
            bestB!.CopyTo(bias, 0);
        }
        history.Finish(earlyStopping, options, keepBest);
        return history;

        // Whether, after `epoch` epochs, the validation loss has not improved for the patience's number of epochs.
        bool Exhausted(int epoch) => epoch > 0 && epoch - history.BestEpoch >= options.Patience;
    }

    static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }
}
