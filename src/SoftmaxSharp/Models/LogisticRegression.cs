using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Kernels;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Models;

/// <summary>
/// Logistic regression for two classes (lecture 001): ŷ = σ(xᵀw + b) = P(class 1 | x), trained by gradient descent
/// on the mean binary cross-entropy −y log ŷ − (1 − y) log(1 − ŷ) (computed as softplus(z) − y·z), whose gradient
/// is x(ŷ − y) as for linear and softmax regression. The second class (label 1) is the positive class; a row is
/// predicted positive when ŷ ≥ <see cref="Threshold"/>. It equals two-class softmax regression with
/// W = [0; w], b = [0; b] (lecture 002: softmax([0, z])₁ = σ(z)).
/// Inputs are raw features: the model applies its stored <see cref="Scaler"/> itself.
/// </summary>
public sealed class LogisticRegression : IDifferentiableModel
{
    float[]? _weights;
    float[]? _bias;
    float _threshold = 0.5f;
    ParameterBlock[]? _parameters;

    /// <summary>An untrained model; call <see cref="Fit"/>.</summary>
    public LogisticRegression() { }

    /// <summary>A model with the given parameters.</summary>
    /// <param name="weights">w [d]</param>
    /// <param name="classNames">[2]: the negative class (y = 0), then the positive class (y = 1)</param>
    public LogisticRegression(float[] weights, float bias, string[] featureNames, string[] classNames, FeatureScaler? scaler = null, float threshold = 0.5f)
    {
        int d = featureNames.Length;
        if (classNames.Length != 2) throw new ArgumentException($"logistic regression has 2 classes, got {classNames.Length} class names");
        if (weights.Length != d) throw new ArgumentException($"w has {weights.Length} values, expected {d} features");
        scaler ??= FeatureScaler.Identity(d);
        if (scaler.Shift.Length != d) throw new ArgumentException($"the scaler is for {scaler.Shift.Length} features, the model has {d}");
        _weights = weights;
        _bias = [bias];
        FeatureNames = featureNames;
        ClassNames = classNames;
        Scaler = scaler;
        Threshold = threshold;
    }

    /// <summary>w [d].</summary>
    public float[] Weights => _weights ?? throw NotFitted();
    /// <summary>b [1] (an array so that it is a live parameter block).</summary>
    public float[] Bias => _bias ?? throw NotFitted();
    /// <summary>[d]</summary>
    public string[] FeatureNames { get; private set; } = [];
    /// <summary>[2]: the negative class, then the positive class.</summary>
    public string[] ClassNames { get; private set; } = [];
    public FeatureScaler Scaler { get; private set; } = FeatureScaler.Identity(0);
    public int Features => FeatureNames.Length;
    /// <summary>k = 2.</summary>
    public int Classes => 2;
    public bool IsFitted => _weights is not null;

    /// <summary>A row is predicted positive (class 1) when ŷ ≥ this; between 0 and 1 (exclusive), default 0.5.</summary>
    public float Threshold
    {
        get => _threshold;
        set => _threshold = value > 0 && value < 1 ? value
            : throw new UserInputException($"the threshold must be between 0 and 1 (got {value})", "Use e.g. --threshold 0.5");
    }

    /// <summary>"w" [d] and "b" [1], the live arrays.</summary>
    public IReadOnlyList<ParameterBlock> Parameters =>
        _parameters is { } p && ReferenceEquals(p[0].Values, Weights) && ReferenceEquals(p[1].Values, Bias) ? p
        : _parameters = [new ParameterBlock("w", Weights), new ParameterBlock("b", Bias)];

    /// <summary>
    /// Fits the scaler on <paramref name="train"/> (exactly two classes), initializes w and b, and runs gradient descent
    /// (the trainer of <see cref="SoftmaxRegression"/>). Returns the loss and accuracy per epoch.
    /// If training diverges, the model keeps the weights of the last good epoch and the error is rethrown.
    /// </summary>
    public TrainingHistory Fit(Dataset train, TrainingOptions? options = null, Dataset? validation = null)
    {
        options ??= new TrainingOptions();
        if (train.Classes != 2)
            throw new UserInputException($"{train.Source}: logistic regression needs exactly two classes, the data has {train.Classes} ({string.Join(", ", train.ClassNames)})",
                "Pick two classes (e.g. --classes 0,1), or train softmax regression (--model softmax)");
        if (validation is not null && (validation.Columns != train.Columns || !validation.ClassNames.SequenceEqual(train.ClassNames)))
            throw new UserInputException($"{validation.Source}: the validation data does not match the training data", "Give validation data with the same columns and classes");
        (train, validation) = LinearModelTraining.HoldOut(train, validation, options);   // --validation-split: held out before the scaler is fitted
        var (weights, bias, scaler, random) = LinearModelTraining.Start(train, options, 1, "logistic regression");
        _weights = weights;                                       // W and b are trained in place: on divergence they keep the last good epoch
        _bias = bias;
        FeatureNames = train.FeatureNames;
        ClassNames = train.ClassNames;
        Scaler = scaler;
        return options.Solver == Solver.Lbfgs
            ? LinearModelTraining.Lbfgs(this, train, validation, options, Loss)
            : LinearModelTraining.Run(new SigmoidLink(Threshold), weights, bias, scaler, train, validation, options, random, zeroWeightsLoss: Math.Log(2));
    }

    /// <summary>ŷ = σ(xᵀw + b) = P(positive class) for each row of X [n, d] (raw features).</summary>
    public float[] PositiveProbability(ReadOnlySpan<float> x)
    {
        var z = Scores(x);
        for (int i = 0; i < z.Length; i++) z[i] = Sigmoid.Of(z[i]);
        return z;
    }

    /// <summary>[n, 2]: (1 − ŷ, ŷ) for each row of X [n, d], in class order.</summary>
    public float[] PredictProba(ReadOnlySpan<float> x)
    {
        float[] z = Scores(x);
        var probabilities = new float[2 * z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            probabilities[2 * i] = Sigmoid.Of(-z[i]);                 // 1 − σ(z) = σ(−z), without cancellation
            probabilities[2 * i + 1] = Sigmoid.Of(z[i]);
        }
        return probabilities;
    }

    /// <summary>The class probabilities of each row, indexable by class name: <c>result[i]["Trouser"]</c>.</summary>
    public ClassProbabilities[] PredictProbaByName(ReadOnlySpan<float> x)
    {
        float[] probabilities = PredictProba(x);
        var rows = new ClassProbabilities[probabilities.Length / 2];
        for (int i = 0; i < rows.Length; i++) rows[i] = new ClassProbabilities(ClassNames, probabilities.AsMemory(2 * i, 2));
        return rows;
    }

    /// <summary>The predicted class (1 when ŷ ≥ <see cref="Threshold"/>, else 0) of each row of X [n, d].</summary>
    public int[] Predict(ReadOnlySpan<float> x) => PositiveProbability(x).Select(p => p >= Threshold ? 1 : 0).ToArray();

    /// <summary>Predicted classes for a dataset.</summary>
    public int[] Predict(Dataset data) => Predict(CheckColumns(data).Features);

    /// <summary>Accuracy: the fraction of rows whose predicted class is the label.</summary>
    public double Score(Dataset data) => Metrics.Accuracy.Of(Predict(data), data.Labels);

    /// <summary>Mean binary cross-entropy (1/n) Σ (softplus(zᵢ) − yᵢzᵢ).</summary>
    public double Loss(Dataset data)
    {
        float[] z = Scores(CheckColumns(data).Features);
        double sum = 0;
        for (int i = 0; i < z.Length; i++) sum += BinaryCrossEntropy.FromScore(z[i], data.Labels[i]);
        return sum / data.Rows;
    }

    /// <summary>
    /// J = (1/n) Σ BCE(zᵢ, yᵢ) + λ/2·‖w‖², with ∇w = (1/n) Σ (ŷ − y)x + λw, ∇b = (1/n) Σ (ŷ − y): the family's one
    /// gradient path with the sigmoid link.
    /// </summary>
    public double Objective(Dataset data, float[][] gradients, double l2 = 0) =>
        LinearObjective.Evaluate(new SigmoidLink(Threshold), Weights, Bias, CheckColumns(data), Scaler, gradients[0], gradients[1], l2);

    /// <summary>z = xᵀw + b [n] for the rows of X [n, d] (raw features, scaled here).</summary>
    float[] Scores(ReadOnlySpan<float> x)
    {
        int n = CheckShape(x), d = Features;
        var z = new float[n];
        var row = new float[d];
        for (int i = 0; i < n; i++)
        {
            Scaler.Transform(x.Slice(i * d, d), row);
            LinearKernels.Scores(Weights, row, z.AsSpan(i, 1));       // xᵀw
            z[i] += Bias[0];                                          // + b
        }
        return z;
    }

    Dataset CheckColumns(Dataset data) => ModelInput.CheckColumns(data, Features, ClassNames);

    int CheckShape(ReadOnlySpan<float> x) => ModelInput.Rows(x, Features, Features != 0);

    static InvalidOperationException NotFitted() => ModelInput.NotFitted();
}
