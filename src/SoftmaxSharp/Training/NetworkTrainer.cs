using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;

namespace SoftmaxSharp.Training;

/// <summary>
/// Mini-batch training of a <see cref="NeuralNetwork"/> (lecture 003's learning flow): every epoch visits the rows
/// (shuffled or in order) in batches of m; per batch, forward, backward, then one step of the options' optimizer on
/// every block (W¹, b¹, W², …). Batches, shuffling, L2 (on weights only), the learning-rate schedule, early stopping
/// and divergence are those of <see cref="GradientDescent"/>. Allocates nothing per batch.
/// </summary>
internal static class NetworkTrainer
{
    public static TrainingHistory Run(NeuralNetwork network, RowSource train, RowSource? validation, TrainingOptions options, SeededRandom random)
    {
        float[][] parameters = network.ParameterArrays;
        var blocks = network.Parameters;
        int k = network.Classes, n = train.Rows, m = Math.Min(options.BatchSize, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var lastGood = parameters.Select(p => new float[p.Length]).ToArray();
        bool earlyStopping = options.Patience > 0 && validation is not null;
        var best = earlyStopping ? parameters.Select(p => new float[p.Length]).ToArray() : null;   // the best epoch's parameters
        double bestLoss = double.PositiveInfinity;
        var optimizer = options.CreateOptimizer();
        var schedule = options.LearningRateSchedule;
        float l2 = (float)options.L2;
        using var gradient = new ShardedNetworkGradient(network.LayerSizes);
        var history = new TrainingHistory(options.Epochs);
        var clock = Stopwatch.StartNew();
        double uniformLoss = Math.Log(k);

        for (int epoch = 1; epoch <= options.Epochs && !(earlyStopping && Exhausted(epoch - 1)); epoch++)
        {
            Copy(parameters, lastGood);
            if (options.Shuffle) random.Shuffle(order);
            optimizer.LearningRate = (float)schedule.Rate(epoch - 1);
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < n; start += m)
            {
                var (batchLoss, batchCorrect) = gradient.Compute(parameters, network.Activation, train, order, start, Math.Min(m, n - start), gradients);
                lossSum += batchLoss;
                correct += batchCorrect;
                if (l2 != 0)
                    for (int i = 0; i < parameters.Length; i += 2) TensorPrimitives.MultiplyAdd(parameters[i], l2, gradients[i], gradients[i]);   // ∇Wˡ += λWˡ
                optimizer.Step(blocks, gradients);                // θ ← update(θ, ∇θ), e.g. θ − η∇θ
            }

            double trainLoss = lossSum / n;
            var (validationLoss, validationAccuracy) = validation is null
                ? (double.NaN, double.NaN)
                : NetworkGradient.Evaluate(parameters, network.Activation, validation, gradient.Work);
            bool grew = trainLoss > GradientDescent.DivergenceGrowth * uniformLoss;
            if (!double.IsFinite(trainLoss) || grew || !AllFinite(parameters))
            {
                Copy(lastGood, parameters);                       // keep the last good epoch
                string what = !double.IsFinite(trainLoss) ? $"the loss became {trainLoss.ToString(CultureInfo.InvariantCulture)}"
                    : grew ? $"the loss grew to {trainLoss.ToString("G4", CultureInfo.InvariantCulture)}, over {GradientDescent.DivergenceGrowth:0} × ln {k}"
                    : "the loss is finite but the weights overflowed";
                throw new UserInputException($"training diverged in epoch {epoch}: {what}",
                    $"Use a smaller learning rate (now {options.LearningRate.ToString(CultureInfo.InvariantCulture)}) or scale the features (--scale standardize)");
            }
            double penalty = 0;
            if (l2 != 0)
                for (int i = 0; i < parameters.Length; i += 2) penalty += options.L2 / 2 * TensorPrimitives.Dot(parameters[i], parameters[i]);   // λ/2 Σ‖Wˡ‖²
            var result = new EpochResult(epoch, trainLoss, (double)correct / n, validationLoss, validationAccuracy, clock.Elapsed)
            {
                Penalty = penalty, LearningRate = optimizer.LearningRate,
            };
            history.Add(result);
            if (validationLoss < bestLoss)
            {
                (bestLoss, history.BestEpoch) = (validationLoss, epoch);
                if (best is not null) Copy(parameters, best);
            }
            options.OnEpoch?.Invoke(result);
        }

        bool keepBest = best is not null && history.BestEpoch > 0;
        if (keepBest) Copy(best!, parameters);                    // keep the best epoch's parameters
        history.Finish(earlyStopping, options, keepBest);
        return history;

        bool Exhausted(int epoch) => epoch > 0 && epoch - history.BestEpoch >= options.Patience;
    }

    static void Copy(float[][] from, float[][] to)
    {
        for (int i = 0; i < from.Length; i++) from[i].CopyTo(to[i], 0);
    }

    static bool AllFinite(float[][] blocks)
    {
        foreach (float[] values in blocks)
            foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }
}
