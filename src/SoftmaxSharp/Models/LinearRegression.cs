using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Kernels;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Models;

/// <summary>Goodness of fit of a regression: R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², RMSE = √(mean (y − ŷ)²), MAE = mean |y − ŷ|, MSE = mean (y − ŷ)² (no ½).</summary>
public sealed record RegressionScores(double R2, double Rmse, double Mae, double Mse, int Rows);

/// <summary>
/// Linear regression (lectures 000, 001, 003): ŷ = xᵀw + b for a numeric target, trained by gradient descent on the
/// mean of ½(ŷ − y)² (<see cref="RegressionLoss.Mse"/>, lecture 001's f_MSE, gradient x(ŷ − y)) or of |ŷ − y|
/// (<see cref="RegressionLoss.Mae"/>, subgradient x·sign(ŷ − y)). The training loss with Mse is half PyTorch's
/// <c>MSELoss</c> (so one SGD step at η equals PyTorch's at η/2); the scores (<see cref="Evaluate"/>) report the
/// usual MSE without ½. Inputs are raw features: the model applies its stored <see cref="Scaler"/> itself.
/// </summary>
public sealed class LinearRegression : IDifferentiableModel
{
    float[]? _weights;
    float[]? _bias;
    ParameterBlock[]? _parameters;

    /// <summary>An untrained model using <paramref name="loss"/>; call <see cref="Fit"/>.</summary>
    public LinearRegression(RegressionLoss loss = RegressionLoss.Mse) => Loss = loss;

    /// <summary>A model with the given parameters.</summary>
    /// <param name="weights">w [d]</param>
    public LinearRegression(float[] weights, float bias, string[] featureNames, string targetName, FeatureScaler? scaler = null, RegressionLoss loss = RegressionLoss.Mse)
    {
        int d = featureNames.Length;
        if (weights.Length != d) throw new ArgumentException($"w has {weights.Length} values, expected {d} features");
        scaler ??= FeatureScaler.Identity(d);
        if (scaler.Shift.Length != d) throw new ArgumentException($"the scaler is for {scaler.Shift.Length} features, the model has {d}");
        _weights = weights;
        _bias = [bias];
        FeatureNames = featureNames;
        TargetName = targetName;
        Scaler = scaler;
        Loss = loss;
    }

    /// <summary>w [d].</summary>
    public float[] Weights => _weights ?? throw NotFitted();
    /// <summary>b [1].</summary>
    public float[] Bias => _bias ?? throw NotFitted();
    public string[] FeatureNames { get; private set; } = [];
    /// <summary>The name of the predicted column.</summary>
    public string TargetName { get; private set; } = "";
    public FeatureScaler Scaler { get; private set; } = FeatureScaler.Identity(0);
    /// <summary>The training loss.</summary>
    public RegressionLoss Loss { get; }
    public int Features => FeatureNames.Length;
    public bool IsFitted => _weights is not null;

    /// <summary>"w" [d] and "b" [1], the live arrays.</summary>
    public IReadOnlyList<ParameterBlock> Parameters =>
        _parameters is { } p && ReferenceEquals(p[0].Values, Weights) && ReferenceEquals(p[1].Values, Bias) ? p
        : _parameters = [new ParameterBlock("w", Weights), new ParameterBlock("b", Bias)];

    /// <summary>
    /// Fits the scaler on <paramref name="train"/> (a regression table, <see cref="Dataset.Regression"/>), initializes w and b,
    /// and runs gradient descent (the trainer of <see cref="SoftmaxRegression"/>). History accuracies are NaN.
    /// If training diverges, the model keeps the weights of the last good epoch and the error is rethrown.
    /// </summary>
    public TrainingHistory Fit(Dataset train, TrainingOptions? options = null, Dataset? validation = null)
    {
        options ??= new TrainingOptions();
        CheckRegression(train);
        if (validation is not null && (CheckRegression(validation).Columns != train.Columns))
            throw new UserInputException($"{validation.Source}: the validation data has {validation.Columns} features, the training data {train.Columns}", "Give validation data with the same columns");
        (train, validation) = LinearModelTraining.HoldOut(train, validation, options);   // --validation-split: held out before the scaler is fitted
        var (weights, bias, scaler, random) = LinearModelTraining.Start(train, options, 1, "linear regression");
        _weights = weights;                                       // W and b are trained in place: on divergence they keep the last good epoch
        _bias = bias;
        FeatureNames = train.FeatureNames;
        TargetName = train.TargetName!;
        Scaler = scaler;
        return options.Solver == Solver.Lbfgs
            ? LinearModelTraining.Lbfgs(this, train, validation, options, data => Loss == RegressionLoss.Mse ? Evaluate(data).Mse / 2 : Evaluate(data).Mae)   // ½MSE or MAE, as trained
            : LinearModelTraining.Run(new IdentityLink(Loss), weights, bias, scaler, train, validation, options, random, ZeroWeightsLoss(train));
    }

    /// <summary>ŷ = xᵀw + b for each row of X [n, d] (raw features, scaled here).</summary>
    public float[] Predict(ReadOnlySpan<float> x)
    {
        int n = CheckShape(x), d = Features;
        var prediction = new float[n];
        var row = new float[d];
        for (int i = 0; i < n; i++)
        {
            Scaler.Transform(x.Slice(i * d, d), row);
            LinearKernels.Scores(Weights, row, prediction.AsSpan(i, 1));   // xᵀw
            prediction[i] += Bias[0];                                      // + b
        }
        return prediction;
    }

    /// <summary>ŷ for every row of a dataset.</summary>
    public float[] Predict(Dataset data) => Predict(CheckColumns(data).Features);

    /// <summary>R², RMSE, MAE and MSE of the predictions on a regression table (sums in double).</summary>
    public RegressionScores Evaluate(Dataset data)
    {
        float[] predicted = Predict(CheckRegression(data));
        float[] y = data.Targets!;
        int n = y.Length;
        double mean = 0;
        foreach (float t in y) mean += t;
        mean /= n;
        double squares = 0, absolutes = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            double residual = (double)y[i] - predicted[i];
            squares += residual * residual;
            absolutes += Math.Abs(residual);
            total += (y[i] - mean) * (y[i] - mean);
        }
        return new RegressionScores(R2: 1 - squares / total, Rmse: Math.Sqrt(squares / n), Mae: absolutes / n, Mse: squares / n, Rows: n);
    }

    /// <summary>R² on a regression table.</summary>
    public double Score(Dataset data) => Evaluate(data).R2;

    /// <summary>
    /// J = (1/n) Σ L(ŷᵢ, yᵢ) + λ/2·‖w‖² with L = ½(ŷ − y)² or |ŷ − y|, and ∇w = (1/n) Σ (ŷ − y)x + λw (MAE: sign(ŷ − y)x),
    /// ∇b = (1/n) Σ (ŷ − y): the family's one gradient path with the identity link.
    /// </summary>
    public double Objective(Dataset data, float[][] gradients, double l2 = 0) =>
        LinearObjective.Evaluate(new IdentityLink(Loss), Weights, Bias, CheckRegression(CheckColumns(data)), Scaler, gradients[0], gradients[1], l2);

    /// <summary>
    /// The least-squares solution of ŷ = xᵀw + b on <paramref name="data"/> (raw features), by the normal equations
    /// [X 1]ᵀ[X 1]θ = [X 1]ᵀy solved in double with Gaussian elimination: what gradient descent on MSE converges to.
    /// </summary>
    public static LinearRegression LeastSquares(Dataset data)
    {
        CheckRegression(data);
        int d = data.Columns, p = d + 1, n = data.Rows;
        var a = new double[p, p + 1];                                   // [AᵀA | Aᵀy], A = [X 1]
        var row = new float[d];
        for (int i = 0; i < n; i++)
        {
            data.CopyRow(i, row);
            for (int r = 0; r < p; r++)
            {
                double ar = r < d ? row[r] : 1;
                for (int c = 0; c < p; c++) a[r, c] += ar * (c < d ? row[c] : 1);
                a[r, p] += ar * data.Targets![i];
            }
        }
        for (int col = 0; col < p; col++)                               // Gaussian elimination with partial pivoting
        {
            int pivot = col;
            for (int r = col + 1; r < p; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) < 1e-12)
                throw new UserInputException($"{data.Source}: the features are linearly dependent; least squares has no unique solution", "Drop duplicated or constant features");
            for (int c = 0; c <= p; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (int r = 0; r < p; r++)
            {
                if (r == col) continue;
                double factor = a[r, col] / a[col, col];
                for (int c = col; c <= p; c++) a[r, c] -= factor * a[col, c];
            }
        }
        var weights = new float[d];
        for (int j = 0; j < d; j++) weights[j] = (float)(a[j, p] / a[j, j]);
        return new LinearRegression(weights, (float)(a[d, p] / a[d, d]), data.FeatureNames, data.TargetName!);
    }

    /// <summary>The loss of w = 0, b = 0 on the training data (½·mean y² or mean |y|): the divergence check's yardstick.</summary>
    double ZeroWeightsLoss(Dataset train)
    {
        double sum = 0;
        foreach (float t in train.Targets!) sum += Loss == RegressionLoss.Mse ? 0.5 * t * t : Math.Abs(t);
        return Math.Max(sum / train.Rows, 1e-6);                        // a target of all zeros: any loss is growth, but not ×0
    }

    static Dataset CheckRegression(Dataset data)
    {
        if (!data.IsRegression)
            throw new UserInputException($"{data.Source}: linear regression needs a numeric target, the data has classes ({string.Join(", ", data.ClassNames)})",
                "Read the label column as a number (--model linear), or train a classifier (--model softmax or logistic)");
        if (data.Rows == 0) throw new UserInputException($"{data.Source}: the data has no rows", "Give at least one row");
        return data;
    }

    Dataset CheckColumns(Dataset data) => ModelInput.CheckColumns(data, Features, null);

    int CheckShape(ReadOnlySpan<float> x) => ModelInput.Rows(x, Features, Features != 0);

    static InvalidOperationException NotFitted() => ModelInput.NotFitted();
}
