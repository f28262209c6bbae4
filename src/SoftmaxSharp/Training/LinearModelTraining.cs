using SoftmaxSharp.Core;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Training;

/// <summary>
/// Gradient-descent training of logistic and linear regression: the same trainer as softmax regression
/// (<see cref="GradientDescent"/>: batches, shuffling, seed, divergence checks, history), with the model's link
/// plugged into the shared batch gradient (<see cref="LinkedGradient{TLink}"/>).
/// </summary>
internal static class LinearModelTraining
{
    /// <summary>The scaler fitted on <paramref name="train"/>, W [k, d] (zeros, or N(0, 0.01²) from the seed as for softmax) and b [k] = 0.</summary>
    public static (float[] Weights, float[] Bias, FeatureScaler Scaler, SeededRandom Random) Start(Dataset train, TrainingOptions options, int k, string model)
    {
        options.Validate();
        if (train.Rows == 0)
            throw new UserInputException($"{train.Source}: the training data has no rows", "Give data with at least one row");
        if (options.ClassWeights is not null || options.LabelSmoothing != 0 || train.SampleWeights is not null)
            throw new UserInputException($"{model} does not support class weights, sample weights or label smoothing", "Leave out --class-weight, --weight-column and --label-smoothing");
        var random = new SeededRandom(options.Seed);
        var weights = new float[k * train.Columns];
        if (options.Initialization == Initialization.Random)
            for (int i = 0; i < weights.Length; i++) weights[i] = 0.01f * (float)Normal(random);
        return (weights, new float[k], FeatureScaler.Fit(options.Scaling, train), random);
    }

    /// <summary>
    /// The training rows and the validation data: with <see cref="TrainingOptions.ValidationSplit"/>, that fraction of
    /// <paramref name="train"/> held out with the seed (stratified for classes), as softmax regression does.
    /// </summary>
    public static (Dataset Train, Dataset? Validation) HoldOut(Dataset train, Dataset? validation, TrainingOptions options)
    {
        if (options.ValidationSplit > 0)
        {
            if (validation is not null)
                throw new UserInputException("both validation data and a validation split were given", "Give validation data or a ValidationSplit, not both");
            (train, validation) = Models.SoftmaxRegression.HoldOutValidation(train, options);
        }
        if (options.Patience > 0 && validation is null)
            throw new UserInputException("early stopping (a patience) needs validation data", "Hold some out with e.g. --validation-split 0.1");
        return (train, validation);
    }

    /// <summary>Trains W and b in place; on divergence they hold the last good epoch's values and the error is rethrown.</summary>
    public static TrainingHistory Run<TLink>(TLink link, float[] weights, float[] bias, FeatureScaler scaler, Dataset train, Dataset? validation,
        TrainingOptions options, SeededRandom random, double zeroWeightsLoss) where TLink : struct, IOutputLink
    {
        using var gradient = new LinkedGradient<TLink>(link, train.Columns, zeroWeightsLoss);
        return GradientDescent.Run(weights, bias, new RowSource(train, scaler), validation is null ? null : new RowSource(validation, scaler),
            options, random, family: gradient);
    }

    /// <summary>
    /// Full-batch L-BFGS on the model's objective J = mean loss + λ/2·‖w‖² (<see cref="Models.IDifferentiableModel.Objective"/>,
    /// the same one the gradient check checks), from its current parameters. Each iteration is an entry of the history:
    /// J's data part (J − λ/2·‖w‖²), the penalty, and the loss on <paramref name="validation"/> when given.
    /// </summary>
    /// <param name="loss">the model's mean loss on a dataset (for the validation column)</param>
    public static TrainingHistory Lbfgs(Models.IDifferentiableModel model, Dataset train, Dataset? validation, TrainingOptions options, Func<Dataset, double> loss)
    {
        var history = new TrainingHistory(options.MaxIterations);
        var weights = model.Parameters[0].Values;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        history.Lbfgs = Training.Lbfgs.Minimize(model, train, options.L2, new LbfgsOptions
        {
            Tolerance = options.Tolerance,
            MaxIterations = options.MaxIterations,
            OnIteration = iteration =>
            {
                double penalty = options.L2 / 2 * System.Numerics.Tensors.TensorPrimitives.Dot(weights, weights);   // λ/2·‖w‖², at the accepted point
                var epoch = new EpochResult(iteration.Iteration, iteration.Objective - penalty, double.NaN,
                    validation is null ? double.NaN : loss(validation), double.NaN, clock.Elapsed) { Penalty = penalty };
                history.Add(epoch);
                options.OnIteration?.Invoke(iteration);
                options.OnEpoch?.Invoke(epoch);
            },
        });
        return history;
    }

    /// <summary>A standard normal sample (Box–Muller), drawn as <see cref="Models.SoftmaxRegression"/> draws its initial weights.</summary>
    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
