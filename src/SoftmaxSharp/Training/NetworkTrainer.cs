using System.Diagnostics;
using System.Globalization;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Training;

/// <summary>
/// Mini-batch training of a <see cref="NeuralNetwork"/> (lecture 003's learning flow): every epoch visits the rows
/// (shuffled or in order) in batches of m; per batch, forward, backward, then one optimizer step. Batches, shuffling,
/// divergence and the per-epoch report are those of <see cref="GradientDescent"/>. Allocates nothing per epoch.
/// </summary>
internal static class NetworkTrainer
{
    public static TrainingHistory Run(NeuralNetwork network, RowSource train, RowSource? validation, TrainingOptions options, Random random, IParameterOptimizer optimizer)
    {
        float[][] parameters = network.ParameterArrays;
        var blocks = network.Parameters;
        int k = network.Classes, n = train.Rows, m = Math.Min(options.BatchSize, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var lastGood = parameters.Select(p => new float[p.Length]).ToArray();
        using var gradient = new ShardedNetworkGradient(network.LayerSizes);
        var history = new TrainingHistory(options.Epochs);
        var clock = Stopwatch.StartNew();
        double uniformLoss = Math.Log(k);

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            for (int i = 0; i < parameters.Length; i++) parameters[i].CopyTo(lastGood[i], 0);
            if (options.Shuffle) random.Shuffle(order);
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < n; start += m)
            {
                var (batchLoss, batchCorrect) = gradient.Compute(parameters, network.Activation, train, order, start, Math.Min(m, n - start), gradients);
                lossSum += batchLoss;
                correct += batchCorrect;
                optimizer.Step(blocks, gradients);                // θ ← update(θ, ∇θ)
            }

            double trainLoss = lossSum / n;
            var (validationLoss, validationAccuracy) = validation is null
                ? (double.NaN, double.NaN)
                : NetworkGradient.Evaluate(parameters, network.Activation, validation, gradient.Work);
            bool grew = trainLoss > GradientDescent.DivergenceGrowth * uniformLoss;
            if (!double.IsFinite(trainLoss) || grew || !AllFinite(parameters))
            {
                for (int i = 0; i < parameters.Length; i++) lastGood[i].CopyTo(parameters[i], 0);   // keep the last good epoch
                string what = !double.IsFinite(trainLoss) ? $"the loss became {trainLoss.ToString(CultureInfo.InvariantCulture)}"
                    : grew ? $"the loss grew to {trainLoss.ToString("G4", CultureInfo.InvariantCulture)}, over {GradientDescent.DivergenceGrowth:0} × ln {k}"
                    : "the loss is finite but the weights overflowed";
                throw new UserInputException($"training diverged in epoch {epoch}: {what}",
                    $"Use a smaller learning rate (now {options.LearningRate.ToString(CultureInfo.InvariantCulture)}) or scale the features (--scale standardize)");
            }
            var result = new EpochResult(epoch, trainLoss, (double)correct / n, validationLoss, validationAccuracy, clock.Elapsed);
            history.Add(result);
            options.OnEpoch?.Invoke(result);
        }
        return history;
    }

    static bool AllFinite(float[][] blocks)
    {
        foreach (float[] values in blocks)
            foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }
}
