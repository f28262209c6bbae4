using System.Numerics.Tensors;
using SoftmaxSharp.Core;

namespace SoftmaxSharp.Training;

/// <summary>
/// The gradient of the mean cross-entropy over a mini-batch of m rows, in one fused pass
/// (DESIGN.md, "The hot path"): for each row, while x is in cache,
/// <code>
///   z = Wx + b                      scores            [k]
///   ŷ = softmax(z)                  probabilities     [k]
///   L += logsumexp(z) − z_y         loss
///   g = (ŷ − y) / m                 ∂L/∂z             [k]
///   ∇W += g xᵀ,  ∇b += g            the lectures' x(ŷ − y)ᵀ, transposed
/// </code>
/// so that ∇W = (Ŷ − Y)ᵀX / m and ∇b = Σ(Ŷ − Y) / m. Allocates nothing.
/// </summary>
internal static class BatchGradient
{
    /// <summary>
    /// Adds the batch's gradient to <paramref name="gradW"/> [k, d] and <paramref name="gradB"/> [k]
    /// (clear them first) and returns the summed loss and the number of rows predicted right.
    /// </summary>
    /// <param name="x">X [n, d] of the whole dataset; <paramref name="rows"/> picks the batch</param>
    /// <param name="scratch">at least 2k floats</param>
    public static (double LossSum, int Correct) Accumulate(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> x, ReadOnlySpan<int> labels, ReadOnlySpan<int> rows,
        Span<float> gradW, Span<float> gradB, Span<float> scratch)
    {
        int k = bias.Length, d = weights.Length / k;
        Span<float> z = scratch[..k];
        Span<float> p = scratch.Slice(k, k);
        float inverseM = 1f / rows.Length;
        double lossSum = 0;
        int correct = 0;
        foreach (int r in rows)
        {
            ReadOnlySpan<float> xi = x.Slice(r * d, d);
            int y = labels[r];
            Linear.Scores(weights, bias, xi, z);                  // z = Wx + b
            float logSumExp = Softmax.Stable(z, p);               // ŷ = softmax(z)
            lossSum += logSumExp - z[y];                          // L = logsumexp(z) − z_y = −log ŷ_y
            if (Linear.ArgMax(z) == y) correct++;
            for (int c = 0; c < k; c++)
            {
                float g = (p[c] - (c == y ? 1f : 0f)) * inverseM; // ∂L/∂z_c = (ŷ_c − y_c) / m
                Span<float> gradRow = gradW.Slice(c * d, d);
                TensorPrimitives.MultiplyAdd(xi, g, gradRow, gradRow);  // ∇w_c += g_c · x
                gradB[c] += g;                                    // ∇b_c += g_c
            }
        }
        return (lossSum, correct);
    }

    /// <summary>Mean loss and accuracy of (W, b) on all rows of X, for validation. Allocates nothing.</summary>
    public static (double Loss, double Accuracy) Evaluate(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, ReadOnlySpan<int> labels, Span<float> scratch)
    {
        int k = bias.Length, d = weights.Length / k, n = labels.Length;
        Span<float> z = scratch[..k];
        Span<float> p = scratch.Slice(k, k);
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            Linear.Scores(weights, bias, x.Slice(i * d, d), z);
            lossSum += Softmax.Stable(z, p) - z[labels[i]];
            if (Linear.ArgMax(z) == labels[i]) correct++;
        }
        return (lossSum / n, (double)correct / n);
    }
}
