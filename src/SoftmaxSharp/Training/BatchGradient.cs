using System.Numerics.Tensors;
using SoftmaxSharp.Core;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Training;

/// <summary>
/// The gradient of the mean cross-entropy over a mini-batch of m rows (DESIGN.md, "The hot path"):
/// <code>
///   z = Wx + b                      scores            [k]
///   ŷ = softmax(z)                  probabilities     [k]
///   L += logsumexp(z) − z_y         loss
///   g = (ŷ − y) / m                 ∂L/∂z             [k]
///   ∇W += g xᵀ,  ∇b += g            the lectures' x(ŷ − y)ᵀ, transposed
/// </code>
/// so that ∇W = (Ŷ − Y)ᵀX / m and ∇b = Σ(Ŷ − Y) / m. Rows go in tiles of <see cref="TileRows"/>: the
/// tile's rows are gathered (and scaled) once into a contiguous buffer, the forward pass fills its rows
/// of G, then ∇W += Gᵀ X runs over the same rows while they are still in cache. Allocates nothing.
/// With class or sample weights or label smoothing (<see cref="WeightedCrossEntropy"/>) the line g = (ŷ − y)/m
/// becomes g = s(αŷ − t)/Ω, PyTorch's weighted mean over the batch's weight Ω = Σ sᵢ w_{yᵢ}.
/// </summary>
internal static class BatchGradient
{
    /// <summary>Rows per tile: 64 rows of Fashion-MNIST (200 KB) stay in L2 from forward to backward.</summary>
    public const int TileRows = 64;

    /// <summary>
    /// Adds the batch's gradient to <paramref name="gradW"/> [k, d] and <paramref name="gradB"/> [k]
    /// (clear them first) and returns the summed loss (m × the batch's mean loss) and the number of rows predicted right.
    /// </summary>
    /// <param name="rows">the batch: indices of rows of <paramref name="source"/></param>
    /// <param name="weighted">class weights and label smoothing; null for the plain mean cross-entropy (unless the source has sample weights)</param>
    public static (double LossSum, int Correct) Accumulate(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, RowSource source, ReadOnlySpan<int> rows,
        Span<float> gradW, Span<float> gradB, Workspace work, WeightedCrossEntropy? weighted = null)
    {
        if (source.SampleWeights is not null) weighted ??= new WeightedCrossEntropy(bias.Length);   // the trainer passes one; this is for direct callers
        return Accumulate(weights, bias, source, rows, rows.Length, gradW, gradB, work, weighted, weighted is null ? 0f : InverseBatchWeight(weighted, source, rows));
    }

    /// <summary>The same for a part of a batch of <paramref name="m"/> rows: the mean is over the whole batch.</summary>
    /// <param name="inverseOmega">with <paramref name="weighted"/>: 1/Ω of the whole batch (<see cref="InverseBatchWeight"/>)</param>
    /// <param name="outerScale">s in <paramref name="gradW"/> += s·Gᵀ X (∇b still gets G): −η with W itself as <paramref name="gradW"/>
    /// takes the SGD step W ← W − η∇W in the same pass (<see cref="ShardedGradient.Descend"/>; one tile only, so every row's
    /// scores are computed before W moves)</param>
    /// <param name="upcoming">the visiting order from <see cref="RowSource.LookAhead"/> rows after <paramref name="rows"/>[0] on (<see cref="RowSource.Upcoming"/>), to prefetch</param>
    public static (double LossSum, int Correct) Accumulate(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, RowSource source, ReadOnlySpan<int> rows, int m,
        Span<float> gradW, Span<float> gradB, Workspace work, WeightedCrossEntropy? weighted = null, float inverseOmega = 0f, float outerScale = 1f,
        ReadOnlySpan<int> upcoming = default)
    {
        int k = bias.Length, d = source.Columns;
        float inverseM = 1f / m;
        float[]? sampleWeights = source.SampleWeights;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < rows.Length; start += TileRows)
        {
            ReadOnlySpan<int> tile = rows.Slice(start, Math.Min(TileRows, rows.Length - start));
            int t = tile.Length;
            Span<float> x = work.Tile.AsSpan(0, t * d);          // X [t, d], scaled
            Span<float> z = work.Scores.AsSpan(0, t * k);        // Z [t, k]
            Span<float> g = work.Gradient.AsSpan(0, t * k);      // G [t, k]
            source.Gather(tile, x, upcoming.Length > start ? upcoming[start..] : default);   // and asks for the rows after it
            LinearKernels.ScoresTile(weights, x, t, z);          // Z = X Wᵀ
            for (int r = 0; r < t; r++)
            {
                int y = source.Labels[tile[r]];
                Span<float> zr = z.Slice(r * k, k), gr = g.Slice(r * k, k);
                TensorPrimitives.Add(zr, bias, zr);              // z = Wx + b
                float logSumExp = Softmax.Stable(zr, gr);        // ŷ = softmax(z), into g
                if (Linear.ArgMax(zr) == y) correct++;
                if (weighted is null)
                {
                    lossSum += logSumExp - zr[y];                // L = logsumexp(z) − z_y = −log ŷ_y
                    gr[y] -= 1f;                                 // ŷ − y
                    TensorPrimitives.Multiply(gr, inverseM, gr); // ∂L/∂z = (ŷ − y) / m
                }
                else                                             // L = s[(1−ε)w_y ℓ_y + (ε/k)Σ w_c ℓ_c], ∂L/∂z = s(αŷ − t)/Ω
                    lossSum += (double)m * inverseOmega * weighted.Backward(zr, logSumExp, y, sampleWeights?[tile[r]] ?? 1f, inverseOmega, gr);
                TensorPrimitives.Add(gradB, gr, gradB);          // ∇b += ∂L/∂z
            }
            if (outerScale != 1f) TensorPrimitives.Multiply(g, outerScale, g);   // −η·∂L/∂z: the SGD step taken straight into W
            LinearKernels.AccumulateOuter(g, x, gradW, k);       // ∇W += (∂L/∂z) xᵀ for every row of the tile
        }
        return (lossSum, correct);
    }

    /// <summary>1/Ω, Ω = Σ sᵢ w_{yᵢ} over the batch (0 when the batch weighs nothing: it then moves nothing).</summary>
    public static float InverseBatchWeight(WeightedCrossEntropy weighted, RowSource source, ReadOnlySpan<int> rows)
    {
        double omega = 0;
        foreach (int row in rows) omega += weighted.SampleShare(source.Labels[row], source.SampleWeights?[row] ?? 1f);
        return omega > 0 ? (float)(1 / omega) : 0f;
    }

    /// <summary>Mean loss and accuracy of (W, b) on all rows, for validation (unweighted). Allocates nothing.</summary>
    public static (double Loss, double Accuracy) Evaluate(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, RowSource source, Workspace work)
    {
        int k = bias.Length, d = source.Columns, n = source.Rows;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < n; start += TileRows)
        {
            ReadOnlySpan<int> tile = source.AllRows.AsSpan(start, Math.Min(TileRows, n - start));
            int t = tile.Length;
            Span<float> x = work.Tile.AsSpan(0, t * d), z = work.Scores.AsSpan(0, t * k), p = work.Gradient.AsSpan(0, k);
            source.Gather(tile, x);
            LinearKernels.ScoresTile(weights, x, t, z);
            for (int r = 0; r < t; r++)
            {
                Span<float> zr = z.Slice(r * k, k);
                TensorPrimitives.Add(zr, bias, zr);
                int y = source.Labels[tile[r]];
                lossSum += Softmax.Stable(zr, p) - zr[y];
                if (Linear.ArgMax(zr) == y) correct++;
            }
        }
        return (lossSum / n, (double)correct / n);
    }

    /// <summary>The buffers of one tile, allocated once per training run.</summary>
    internal sealed class Workspace(int k, int d)
    {
        /// <summary>X [tile, d]</summary>
        public float[] Tile { get; } = AlignedArrays.Floats(TileRows * d);
        /// <summary>Z [tile, k]</summary>
        public float[] Scores { get; } = AlignedArrays.Floats(TileRows * k);
        /// <summary>G [tile, k]</summary>
        public float[] Gradient { get; } = AlignedArrays.Floats(TileRows * k);
    }
}
