using System.Diagnostics;

namespace SoftmaxSharp.Training;

/// <summary>
/// Softmax regression fitted by full-batch L-BFGS: minimizes J(W, b) = mean CE + λ/2·‖W‖² (<see cref="SoftmaxObjective"/>)
/// from the given W and b. Each iteration is reported as an <see cref="EpochResult"/> (the mean cross-entropy and accuracy
/// at the new point, validation numbers when given) and as an <see cref="LbfgsIteration"/> (J with the penalty, ‖∇J‖∞).
/// </summary>
internal static class LbfgsTraining
{
    /// <summary>Fits W [k, d] and b [k] in place.</summary>
    public static TrainingHistory Run(float[] weights, float[] bias, Data.Dataset train, Data.FeatureScaler scaler, RowSource? validation, TrainingOptions options)
    {
        int k = bias.Length;
        var weighted = options.ClassWeights is null && options.LabelSmoothing == 0 && train.SampleWeights is null
            ? null : new Core.WeightedCrossEntropy(k, options.ClassWeights, options.LabelSmoothing);   // null: the plain mean cross-entropy
        using var objective = new SoftmaxObjective(train, scaler, options.L2, weighted);
        var x = new double[objective.Dimension];                  // [W (k·d), b (k)]
        SoftmaxObjective.Pack(weights, bias, x);
        var history = new TrainingHistory(options.MaxIterations); // sized up front: the iterations allocate nothing
        var work = validation is null ? null : new BatchGradient.Workspace(k, train.Columns);
        var clock = Stopwatch.StartNew();
        var result = Lbfgs.Minimize(objective, x, new LbfgsOptions
        {
            Tolerance = options.Tolerance,
            MaxIterations = options.MaxIterations,
            OnIteration = iteration =>
            {
                // The last evaluation was at the accepted point: its loss, accuracy and float W, b are the objective's.
                var (validationLoss, validationAccuracy) = validation is null
                    ? (double.NaN, double.NaN)
                    : BatchGradient.Evaluate(objective.Weights, objective.Bias, validation, work!);
                var epoch = new EpochResult(iteration.Iteration, objective.LastLoss, objective.LastAccuracy, validationLoss, validationAccuracy, clock.Elapsed);
                history.Add(epoch);
                options.OnIteration?.Invoke(iteration);
                options.OnEpoch?.Invoke(epoch);
            },
        });
        SoftmaxObjective.Unpack(x, weights, bias);
        history.Lbfgs = result;
        return history;
    }
}
