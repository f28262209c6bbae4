namespace SoftmaxSharp.Training;

/// <summary>
/// The full-batch objective of softmax regression for <see cref="Lbfgs"/>, on x = [W (k·d, class-major), b (k)]:
/// <code>
///   J(W, b) = (1/n) Σᵢ CE(softmax(W xᵢ + b), yᵢ) + λ/2·‖W‖²      biases not penalized
///   ∇W J    = (Ŷ − Y)ᵀX / n + λW,   ∇b J = Σ(Ŷ − Y) / n
/// </code>
/// scikit-learn's <c>LogisticRegression(C)</c> minimizes C·Σᵢ CE + ½‖W‖² = n·C·J with λ = 1/(n·C): the same minimizer.
/// The data term is the trainer's fused, sharded kernel over all rows (byte pixels scaled in the kernel, two threads),
/// so one evaluation is one pass over the data; the λ terms and the conversions are in double. Allocates nothing per evaluation.
/// With class or sample weights or label smoothing the data term is their weighted mean, as in gradient descent.
/// </summary>
internal sealed class SoftmaxObjective : IObjective, IDisposable
{
    readonly RowSource _source;
    readonly double _l2;
    readonly Core.WeightedCrossEntropy? _weighted;
    readonly ShardedGradient _gradient;
    readonly float[] _gradW, _gradB;

    /// <summary>J on <paramref name="data"/> as <paramref name="scaler"/> rescales it, row by row inside the kernel (as gradient descent reads it).</summary>
    public SoftmaxObjective(Data.Dataset data, Data.FeatureScaler scaler, double l2, Core.WeightedCrossEntropy? weighted = null)
    {
        int k = data.Classes, d = data.Columns;
        _source = new RowSource(data, scaler);
        _l2 = l2;
        _weighted = weighted;
        Weights = new float[k * d];
        Bias = new float[k];
        _gradW = new float[k * d];
        _gradB = new float[k];
        _gradient = new ShardedGradient(k, d);
    }

    public int Dimension => Weights.Length + Bias.Length;
    /// <summary>W [k, d] of the last evaluation (float, as the kernels read it).</summary>
    public float[] Weights { get; }
    /// <summary>b [k] of the last evaluation.</summary>
    public float[] Bias { get; }
    /// <summary>The mean cross-entropy (without the penalty) at the last evaluation.</summary>
    public double LastLoss { get; private set; }
    /// <summary>The fraction of rows predicted right at the last evaluation.</summary>
    public double LastAccuracy { get; private set; }

    /// <summary>x [k·d + k] ← W, b.</summary>
    public static void Pack(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<double> x)
    {
        for (int i = 0; i < weights.Length; i++) x[i] = weights[i];
        for (int c = 0; c < bias.Length; c++) x[weights.Length + c] = bias[c];
    }

    /// <summary>W, b ← x [k·d + k], rounded to float.</summary>
    public static void Unpack(ReadOnlySpan<double> x, Span<float> weights, Span<float> bias)
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)x[i];
        for (int c = 0; c < bias.Length; c++) bias[c] = (float)x[weights.Length + c];
    }

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int kd = Weights.Length, n = _source.Rows;
        Unpack(x, Weights, Bias);
        var (lossSum, correct) = _gradient.Compute(Weights, Bias, _source, _source.AllRows, 0, n, _gradW, _gradB, _weighted);
        double penalty = 0;
        for (int i = 0; i < kd; i++)
        {
            penalty += x[i] * x[i];                               // ‖W‖²
            gradient[i] = _gradW[i] + _l2 * x[i];                 // ∇W J = (Ŷ − Y)ᵀX / n + λW
        }
        for (int c = 0; c < _gradB.Length; c++) gradient[kd + c] = _gradB[c];   // ∇b J = Σ(Ŷ − Y) / n
        LastLoss = lossSum / n;
        LastAccuracy = (double)correct / n;
        return LastLoss + _l2 / 2 * penalty;                      // J = mean CE + λ/2·‖W‖²
    }

    public void Dispose() => _gradient.Dispose();
}
