namespace SoftmaxSharp.Core;

/// <summary>
/// What distinguishes the three linear models of the family (lectures 001–003): the link ŷ = f(z) from the
/// scores z = Wx + b to the prediction, and the loss L(z, y). Each pair is chosen so that ∂L/∂z = ŷ − y,
/// which is why all three share the gradient ∇W = (ŷ − y)xᵀ (one code path: <see cref="Training.LinearObjective"/>
/// and <see cref="Training.LinkedGradient{TLink}"/>).
/// </summary>
public interface IOutputLink
{
    /// <summary>k, the number of scores per row (1 for logistic and linear regression).</summary>
    int Outputs { get; }
    /// <summary>Whether a row's prediction can be right or wrong (classification), so that accuracy means something.</summary>
    bool Classifies { get; }
    /// <summary>L(z, y); writes ∂L/∂z [k] into <paramref name="dz"/>. y is a class index (classification) or the target value (regression).</summary>
    double Backward(ReadOnlySpan<double> z, double y, Span<double> dz);
    /// <summary>Whether the prediction from z is the label y (false for regression).</summary>
    bool Correct(ReadOnlySpan<double> z, double y);
}

/// <summary>Softmax + cross-entropy: ŷ = softmax(z), L = logsumexp(z) − z_y, ∂L/∂z = ŷ − onehot(y) (lecture 000).</summary>
public readonly struct SoftmaxLink(int classes) : IOutputLink
{
    public int Outputs => classes;
    public bool Classifies => true;

    public double Backward(ReadOnlySpan<double> z, double label, Span<double> dz)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z) max = Math.Max(max, v);
        double sum = 0;
        for (int c = 0; c < z.Length; c++) sum += dz[c] = Math.Exp(z[c] - max);   // e^(z − max z) ≤ 1
        double logSumExp = max + Math.Log(sum);
        for (int c = 0; c < z.Length; c++) dz[c] /= sum;                         // ŷ = softmax(z)
        int y = (int)label;
        dz[y] -= 1;                                                              // ∂L/∂z = ŷ − y
        return logSumExp - z[y];                                                 // L = logsumexp(z) − z_y
    }

    public bool Correct(ReadOnlySpan<double> z, double y)
    {
        int best = 0;
        for (int c = 1; c < z.Length; c++) if (z[c] > z[best]) best = c;
        return best == (int)y;
    }
}

/// <summary>
/// Sigmoid + binary cross-entropy (lecture 001): ŷ = σ(z), L = −y log ŷ − (1 − y) log(1 − ŷ), computed as
/// softplus(z) − y·z = max(z, 0) − y·z + log(1 + e^(−|z|)) so that no underflowed probability is ever logged;
/// ∂L/∂z = σ(z) − y. Label 1 (the second class) is the positive class y = 1.
/// </summary>
public readonly struct SigmoidLink(double threshold) : IOutputLink
{
    public int Outputs => 1;
    public bool Classifies => true;

    public double Backward(ReadOnlySpan<double> z, double y, Span<double> dz)
    {
        dz[0] = Sigmoid.Of(z[0]) - y;                                            // ∂L/∂z = ŷ − y
        return BinaryCrossEntropy.FromScore(z[0], y);
    }

    public bool Correct(ReadOnlySpan<double> z, double y) => (Sigmoid.Of(z[0]) >= threshold ? 1 : 0) == y;
}

/// <summary>The loss of linear regression.</summary>
public enum RegressionLoss
{
    /// <summary>L = ½(ŷ − y)² (lecture 001), ∂L/∂z = ŷ − y. Its mean is half PyTorch's <c>MSELoss</c>.</summary>
    Mse,
    /// <summary>L = |ŷ − y| (lecture 003), ∂L/∂z = sign(ŷ − y) (0 at 0, as PyTorch's <c>L1Loss</c>).</summary>
    Mae,
}

/// <summary>Identity link of linear regression: ŷ = z, with the squared (½(ŷ − y)², ∂L/∂z = ŷ − y) or absolute error (|ŷ − y|, ∂L/∂z = sign(ŷ − y)).</summary>
public readonly struct IdentityLink(RegressionLoss loss) : IOutputLink
{
    public int Outputs => 1;
    public bool Classifies => false;

    public double Backward(ReadOnlySpan<double> z, double y, Span<double> dz)
    {
        double residual = z[0] - y;                                  // ŷ − y
        if (loss == RegressionLoss.Mse)
        {
            dz[0] = residual;
            return 0.5 * residual * residual;
        }
        dz[0] = Math.Sign(residual);
        return Math.Abs(residual);
    }

    public bool Correct(ReadOnlySpan<double> z, double y) => false;
}

/// <summary>Binary cross-entropy from the score z = logit(ŷ): L = softplus(z) − y·z, PyTorch's <c>BCEWithLogitsLoss</c>.</summary>
public static class BinaryCrossEntropy
{
    /// <summary>L = max(z, 0) − y·z + log(1 + e^(−|z|)) = −y log σ(z) − (1 − y) log(1 − σ(z)), finite for every finite z.</summary>
    public static double FromScore(double z, double y) => Math.Max(z, 0) - y * z + Math.Log(1 + Math.Exp(-Math.Abs(z)));
}
