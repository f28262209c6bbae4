using System.Numerics.Tensors;
using SoftmaxSharp.Core;
using SoftmaxSharp.Kernels;

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
/// so that ∇W = (Ŷ − Y)ᵀX / m and ∇b = Σ(Ŷ − Y) / m. Rows go in tiles of <see cref="TileRows"/>:
/// the forward pass fills the tile's rows of G, then ∇W += Gᵀ X runs over the same rows while they
/// are still in cache (<see cref="LinearKernels.AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>).
/// Allocates nothing.
/// </summary>
internal static class BatchGradient
{
    /// <summary>Rows per tile: 64 rows of Fashion-MNIST (200 KB) stay in L2 from forward to backward.</summary>
    public const int TileRows = 64;

    /// <summary>The scratch floats <see cref="Accumulate"/> needs for k classes.</summary>
    public static int ScratchLength(int k) => (TileRows + 2) * k;

    /// <summary>
    /// Adds the batch's gradient to <paramref name="gradW"/> [k, d] and <paramref name="gradB"/> [k]
    /// (clear them first) and returns the summed loss and the number of rows predicted right.
    /// </summary>
    /// <param name="x">X [n, d] of the whole dataset; <paramref name="rows"/> picks the batch</param>
    /// <param name="scratch">at least <see cref="ScratchLength"/>(k) floats</param>
    public static (double LossSum, int Correct) Accumulate(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> x, ReadOnlySpan<int> labels, ReadOnlySpan<int> rows,
        Span<float> gradW, Span<float> gradB, Span<float> scratch)
    {
        int k = bias.Length, d = weights.Length / k;
        Span<float> z = scratch[..k];
        Span<float> p = scratch.Slice(k, k);
        Span<float> g = scratch.Slice(2 * k, TileRows * k);      // G [tile, k]
        float inverseM = 1f / rows.Length;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < rows.Length; start += TileRows)
        {
            ReadOnlySpan<int> tile = rows.Slice(start, Math.Min(TileRows, rows.Length - start));
            for (int r = 0; r < tile.Length; r++)
            {
                if (r + 1 < tile.Length) LinearKernels.Prefetch(x.Slice(tile[r + 1] * d, d));  // rows come in shuffled order
                int y = labels[tile[r]];
                Linear.Scores(weights, bias, x.Slice(tile[r] * d, d), z);   // z = Wx + b
                float logSumExp = Softmax.Stable(z, p);                       // ŷ = softmax(z)
                lossSum += logSumExp - z[y];                                  // L = logsumexp(z) − z_y = −log ŷ_y
                if (Linear.ArgMax(z) == y) correct++;
                Span<float> gr = g.Slice(r * k, k);
                for (int c = 0; c < k; c++) gr[c] = (p[c] - (c == y ? 1f : 0f)) * inverseM;  // ∂L/∂z = (ŷ − y) / m
                TensorPrimitives.Add(gradB, gr, gradB);                       // ∇b += ∂L/∂z
            }
            LinearKernels.AccumulateOuter(g[..(tile.Length * k)], x, tile, gradW);  // ∇W += (∂L/∂z) xᵀ for every row
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
