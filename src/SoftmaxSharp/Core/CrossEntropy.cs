namespace SoftmaxSharp.Core;

/// <summary>
/// Cross-entropy L = −yᵀ log ŷ with ŷ = softmax(z) (lecture 000), and its gradient ∂L/∂z = ŷ − y.
/// The loss is computed from the scores as L = logsumexp(z) − z_y, never as the log of a probability
/// that may have underflowed to 0.
/// Two forms of the label give the same numbers (lecture 004): a class index y, or a one-hot vector y.
/// </summary>
public static class CrossEntropy
{
    /// <summary>L = logsumexp(z) − z_y for a class index y.</summary>
    public static float FromScores(ReadOnlySpan<float> z, int y)
    {
        Span<float> p = z.Length <= 256 ? stackalloc float[z.Length] : new float[z.Length];
        return Softmax.Stable(z, p) - z[y];
    }

    /// <summary>L = −Σᵢ yᵢ log ŷᵢ = logsumexp(z) − Σᵢ yᵢ zᵢ for a one-hot (or any probability) vector y.</summary>
    public static float FromScores(ReadOnlySpan<float> z, ReadOnlySpan<float> y)
    {
        Span<float> p = z.Length <= 256 ? stackalloc float[z.Length] : new float[z.Length];
        float logSumExp = Softmax.Stable(z, p);
        float loss = 0f;
        for (int i = 0; i < z.Length; i++)
            if (y[i] != 0) loss += y[i] * (logSumExp - z[i]);      // 0 · log 0 = 0: skip, or 0 · ∞ would be NaN
        return loss;
    }

    /// <summary>∂L/∂z = ŷ − y for a class index y: the one line of the fused softmax + cross-entropy backward.</summary>
    public static void Gradient(ReadOnlySpan<float> probabilities, int y, Span<float> dz)
    {
        probabilities.CopyTo(dz);
        dz[y] -= 1f;                                              // ŷ − y, with y one-hot at index y
    }

    /// <summary>∂L/∂z = ŷ − y for a one-hot vector y.</summary>
    public static void Gradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> y, Span<float> dz)
    {
        for (int i = 0; i < probabilities.Length; i++) dz[i] = probabilities[i] - y[i];
    }

    /// <summary>Mean cross-entropy (1/m) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) over the rows of Z [m, k], summed in double.</summary>
    public static double Mean(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int k)
    {
        double sum = 0;
        for (int i = 0; i < labels.Length; i++) sum += FromScores(scores.Slice(i * k, k), labels[i]);
        return labels.Length == 0 ? double.NaN : sum / labels.Length;
    }
}
