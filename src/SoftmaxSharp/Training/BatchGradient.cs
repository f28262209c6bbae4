using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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
/// tile's rows are gathered (and scaled) once into a contiguous buffer — pixel rows in the same pass as their scores
/// (<see cref="PixelScores"/>) —, the forward pass fills its rows of G, then ∇W += Gᵀ X runs over the same rows while
/// they are still in cache. Allocates nothing.
/// With class or sample weights or label smoothing (<see cref="WeightedCrossEntropy"/>) the line g = (ŷ − y)/m
/// becomes g = s(αŷ − t)/Ω, PyTorch's weighted mean over the batch's weight Ω = Σ sᵢ w_{yᵢ}.
/// </summary>
internal static class BatchGradient
{
    /// <summary>Rows per tile: 64 rows of Fashion-MNIST (200 KB) stay in L2 from forward to backward.</summary>
    public const int TileRows = 64;

    /// <summary>
    /// A class whose score is this far below the row's maximum gets ŷ = 0 (e^(z − m) taken as e^−∞): e^−64 ≈ 1.6·10⁻²⁸ changes no
    /// Σ e^(z − m) ≥ 1 and no loss in float, and only moves a weight w by less than ulp(w) unless |w| &lt; 10⁻²¹. Kept, such ŷ and
    /// their g = ŷ/m and g·x go subnormal (under 1.2·10⁻³⁸) once a model is sure of itself, and on Intel cores every multiply
    /// that takes or makes a subnormal float goes through microcode: on a Xeon (family 6, model 207) a 512-bit FMA loop with a
    /// subnormal g ran 12–19× slower, and a per-sample epoch of Fashion-MNIST took 229 ms instead of 49. From here on
    /// g ≥ 10⁻²⁹/m, normal, and so is g·x for pixels ≥ 1/255. (AMD's Zen cores take subnormals at full speed.)
    /// </summary>
    internal const float NegligibleBelowMax = -64f;

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
    /// <param name="upcoming">the visiting order from <paramref name="rows"/>[0] on (<see cref="RowSource.Upcoming"/>), to prefetch</param>
    /// <param name="overwrite"><paramref name="gradW"/> = Gᵀ X (need not be cleared first; <paramref name="gradB"/> still is added to)</param>
    public static (double LossSum, int Correct) Accumulate(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, RowSource source, ReadOnlySpan<int> rows, int m,
        Span<float> gradW, Span<float> gradB, Workspace work, WeightedCrossEntropy? weighted = null, float inverseOmega = 0f, float outerScale = 1f,
        ReadOnlySpan<int> upcoming = default, bool overwrite = false)
    {
        if (overwrite && rows.IsEmpty) gradW.Clear();
        int k = bias.Length, d = source.Columns;
        float inverseM = 1f / m;
        float[]? sampleWeights = source.SampleWeights;
        double lossSum = 0;
        int correct = 0;
        bool pixelScores = source.ScoresPixels(k);               // gather and scores in one pass, from W packed
        bool stepsW = pixelScores && weights.Overlaps(gradW);     // W moves after each tile (outerScale −η): packed again for the next
        if (pixelScores && !rows.IsEmpty) PixelScores.Pack(weights, d, work.PackedWeights);
        for (int start = 0; start < rows.Length; start += TileRows)
        {
            ReadOnlySpan<int> tile = rows.Slice(start, Math.Min(TileRows, rows.Length - start));
            int t = tile.Length;
            Span<float> x = work.Tile.AsSpan(0, t * d);          // X [t, d], scaled
            Span<float> z = work.Scores.AsSpan(0, t * k);        // Z [t, k]
            Span<float> g = work.Gradient.AsSpan(0, t * k);      // G [t, k]
            if (stepsW && start > 0) PixelScores.Pack(weights, d, work.PackedWeights);
            source.GatherScores(tile, x, pixelScores ? work.PackedWeights : default, weights, z,   // X, and Z = X Wᵀ
                upcoming.Length > start ? upcoming[start..] : default);                           // (and asks for the rows after it)
            if (weighted is null)                                // the plain mean cross-entropy: the whole tile at once
            {
                var (tileLoss, tileCorrect) = CrossEntropyTile(z, bias, source.Labels, tile, inverseM, g, gradB, work.RowMax);
                lossSum += tileLoss;
                correct += tileCorrect;
            }
            else for (int r = 0; r < t; r++)
            {
                int y = source.Labels[tile[r]];
                Span<float> zr = z.Slice(r * k, k), gr = g.Slice(r * k, k);
                TensorPrimitives.Add(zr, bias, zr);              // z = Wx + b
                float logSumExp = Softmax.Stable(zr, gr);        // ŷ = softmax(z), into g
                if (Linear.ArgMax(zr) == y) correct++;
                // L = s[(1−ε)w_y ℓ_y + (ε/k)Σ w_c ℓ_c], ∂L/∂z = s(αŷ − t)/Ω
                lossSum += (double)m * inverseOmega * weighted.Backward(zr, logSumExp, y, sampleWeights?[tile[r]] ?? 1f, inverseOmega, gr);
                TensorPrimitives.Add(gradB, gr, gradB);          // ∇b += ∂L/∂z
            }
            if (outerScale != 1f) TensorPrimitives.Multiply(g, outerScale, g);   // −η·∂L/∂z: the SGD step taken straight into W
            if (overwrite && start == 0) LinearKernels.OuterProduct(g, x, gradW, k, LinearKernels.Vectorized);   // ∇W = (∂L/∂z) xᵀ summed over the first tile
            else LinearKernels.AccumulateOuter(g, x, gradW, k);  // ∇W += (∂L/∂z) xᵀ for every row of the tile
        }
        return (lossSum, correct);
    }

    /// <summary>
    /// Per-sample SGD, the lectures' loop (batch 1, plain SGD), over every row of <paramref name="order"/>: z = Wx + b,
    /// ŷ = softmax(z), W ← W − η(ŷ − y)xᵀ, b ← b − η(ŷ − y). The step and the next row's scores z' = Wx' share one pass over W
    /// (<see cref="LinearKernels.StepThenScore"/>); the numbers are those of <see cref="ShardedGradient.Descend"/> on batches of one
    /// row with the step taken after each. Returns the summed loss and the rows predicted right.
    /// </summary>
    /// <param name="gradB">[k] scratch: ∇b of the row</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]      // called once per epoch: compiled optimized at once, not entered through on-stack replacement
    public static (double LossSum, int Correct) DescendEachRow(float[] weights, float[] bias, RowSource source, int[] order, float learningRate, Span<float> gradB, Workspace work)
    {
        int k = bias.Length, d = source.Columns, n = order.Length;
        double lossSum = 0;
        int correct = 0;
        Span<float> x = work.Tile.AsSpan(0, d), next = work.Tile.AsSpan(d, d);   // this row and the next
        Span<float> z = work.Scores.AsSpan(0, k), g = work.Gradient.AsSpan(0, k);
        if (n == 0) return (0, 0);
        source.Gather(order.AsSpan(0, 1), x, RowSource.Upcoming(order, 0));
        LinearKernels.ScoresTile(weights, x, 1, z);              // z = Wx, the first row's
        for (int i = 0; i < n; i++)
        {
            gradB.Clear();
            var (loss, right) = CrossEntropyTile(z, bias, source.Labels, order.AsSpan(i, 1), 1f, g, gradB, work.RowMax);   // g = ŷ − y
            lossSum += loss;
            correct += right;
            TensorPrimitives.Multiply(g, -learningRate, g);      // −η(ŷ − y)
            TensorPrimitives.MultiplyAdd(gradB, -learningRate, bias, bias);   // b ← b − η∇b
            if (i + 1 == n)
            {
                LinearKernels.AccumulateOuter(g, x, weights, k);  // W ← W − η(ŷ − y)xᵀ, the last row
                break;
            }
            source.Gather(order.AsSpan(i + 1, 1), next, RowSource.Upcoming(order, i + 1));
            LinearKernels.StepThenScore(weights, g, x, next, z); // W ← W − η(ŷ − y)xᵀ, and z = Wx' for the next row
            var done = x;
            x = next;
            next = done;
        }
        return (lossSum, correct);
    }

    /// <summary>
    /// The rows of a tile: z = Wx + b, ŷ = softmax(z) (stable: m = max z), L = logsumexp(z) − z_y = −log ŷ_y,
    /// g = ∂L/∂z = (ŷ − y)/m, ∇b += g. Eight rows to a vector, a row per lane (<see cref="CrossEntropyLanes"/>), the rest
    /// row by row (<see cref="CrossEntropyRows"/>): both the same operations in the same order as <see cref="Softmax.Stable"/>
    /// and <see cref="CrossEntropy"/>, so the same numbers. Returns the tile's summed loss and the rows whose argmax z (the
    /// first maximum) is the label.
    /// </summary>
    /// <param name="z">Z = X Wᵀ [t, k] on entry; scratch</param>
    /// <param name="g">G [t, k], written</param>
    /// <param name="rowMax">[≥ t] scratch</param>
    internal static (double LossSum, int Correct) CrossEntropyTile(Span<float> z, ReadOnlySpan<float> bias, int[] labels, ReadOnlySpan<int> tile, float inverseM,
        Span<float> g, Span<float> gradB, Span<float> rowMax)
    {
        int k = bias.Length, t = tile.Length, r = 0, correct = 0;
        double lossSum = 0;
        if (CrossEntropyLanes.Supported && k <= CrossEntropyLanes.MaxClasses)
        {
            Span<int> y = stackalloc int[CrossEntropyLanes.MaxRows];
            while (t - r >= CrossEntropyLanes.Rows)
            {
                int n = Math.Min(t - r, CrossEntropyLanes.MaxRows), inWholeGroups = n - n % CrossEntropyLanes.Rows;
                for (int i = 0; i < n; i++) y[i] = labels[tile[r + i]];
                int taken = CrossEntropyLanes.TakeRows(z.Slice(r * k), bias, y[..n], inverseM, g.Slice(r * k), gradB, ref lossSum, ref correct);
                r += taken;
                if (taken < inWholeGroups) break;                              // no maximum in some row: row by row from its group on
            }
        }
        if (r < t) CrossEntropyRows(z[(r * k)..(t * k)], bias, labels, tile[r..], inverseM, g[(r * k)..(t * k)], gradB, rowMax, ref lossSum, ref correct);
        return (lossSum, correct);
    }

    /// <summary>
    /// <see cref="CrossEntropyTile"/> row by row, in loops over the k scores of a row (ten for Fashion-MNIST: a library call
    /// per step would cost more than the arithmetic) and one vectorized e^x for all the rows (<see cref="ExpKernel"/>); the
    /// reference for <see cref="CrossEntropyLanes"/>. Adds the rows' losses to <paramref name="lossSum"/> in row order.
    /// </summary>
    /// <param name="z">Z = X Wᵀ [t, k] on entry, Z + b on return</param>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller: inlined there by profile-guided tier-1 code, the lecture's epoch took 80 ms instead of 31
    internal static void CrossEntropyRows(Span<float> z, ReadOnlySpan<float> bias, int[] labels, ReadOnlySpan<int> tile, float inverseM,
        Span<float> g, Span<float> gradB, Span<float> rowMax, ref double lossSum, ref int correct)
    {
        int k = bias.Length, t = tile.Length;
        for (int r = 0; r < t; r++)
        {
            Span<float> zr = z.Slice(r * k, k), gr = g.Slice(r * k, k);
            int argMax = 0;
            float max = float.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                float zc = zr[c] + bias[c];                      // z = Wx + b
                zr[c] = zc;
                if (zc > max) (max, argMax) = (zc, c);           // m = max z, and where
            }
            if (float.IsNaN(max) || max == float.NegativeInfinity) max = TensorPrimitives.Max(zr);   // NaN scores: as Softmax.Stable (the trainer then stops)
            if (argMax == labels[tile[r]]) correct++;
            rowMax[r] = max;
            for (int c = 0; c < k; c++)
            {
                float d = zr[c] - max;                           // z − m ≤ 0
                gr[c] = d < NegligibleBelowMax ? float.NegativeInfinity : d;   // ŷ = 0 for a negligible class
            }
        }
        ExpKernel.Exp(g[..(t * k)], g);                          // e^(z − m), every row at once
        for (int r = 0; r < t; r++)
        {
            Span<float> zr = z.Slice(r * k, k), gr = g.Slice(r * k, k);
            int y = labels[tile[r]];
            float sum = 0f;
            for (int c = 0; c < k; c++) sum += gr[c];
            float inverse = 1f / sum;
            for (int c = 0; c < k; c++) gr[c] *= inverse;        // ŷ = e^(z − m) / Σ e^(z − m)
            lossSum += rowMax[r] + MathF.Log(sum) - zr[y];       // L = logsumexp(z) − z_y
            gr[y] -= 1f;                                         // ŷ − y
            for (int c = 0; c < k; c++)
            {
                float gc = gr[c] * inverseM;                     // ∂L/∂z = (ŷ − y) / m
                gr[c] = gc;
                gradB[c] += gc;                                  // ∇b += ∂L/∂z
            }
        }
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
        bool pixelScores = source.ScoresPixels(k);               // as in Accumulate
        if (pixelScores && n > 0) PixelScores.Pack(weights, d, work.PackedWeights);
        for (int start = 0; start < n; start += TileRows)
        {
            ReadOnlySpan<int> tile = source.AllRows.AsSpan(start, Math.Min(TileRows, n - start));
            int t = tile.Length;
            Span<float> x = work.Tile.AsSpan(0, t * d), z = work.Scores.AsSpan(0, t * k), p = work.Gradient.AsSpan(0, k);
            source.GatherScores(tile, x, pixelScores ? work.PackedWeights : default, weights, z);
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
        /// <summary>max z of each row of the tile</summary>
        public float[] RowMax { get; } = AlignedArrays.Floats(TileRows);   // (aligned: a line of its own, written row by row)
        /// <summary>W packed for <see cref="PixelScores"/> (ten or five classes), else empty</summary>
        public float[] PackedWeights { get; } = PixelScores.Takes(k) ? AlignedArrays.Floats(k * d) : [];
    }
}
