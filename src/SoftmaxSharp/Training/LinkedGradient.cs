using SoftmaxSharp.Core;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Training;

/// <summary>
/// The batch gradient of any linear model given its link (logistic regression: σ and binary cross-entropy,
/// linear regression: identity and squared or absolute error), on the same kernels as softmax regression:
/// <code>
///   Z = X Wᵀ + b                    LinearKernels.ScoresTile   [t, k]
///   G = (ŷ − y) / m                 the link's one line        [t, k]
///   ∇W += Gᵀ X,  ∇b += Σ G          LinearKernels.AccumulateOuter
/// </code>
/// Rows go in tiles of <see cref="BatchGradient.TileRows"/> as in <see cref="BatchGradient"/>. Single-threaded, so
/// results do not depend on the core count; allocates nothing per batch. Sample weights are not applied.
/// TLink is a struct so that the JIT specializes the loop for each link (no virtual call per row).
/// </summary>
internal sealed class LinkedGradient<TLink>(TLink link, int d, double zeroWeightsLoss) : IBatchGradient where TLink : struct, IOutputLink
{
    readonly BatchGradient.Workspace _work = new(link.Outputs, d);
    readonly double[] _z = new double[link.Outputs];
    readonly double[] _dz = new double[link.Outputs];

    public double ZeroWeightsLoss => zeroWeightsLoss;
    public bool Classifies => link.Classifies;

    public (double LossSum, int Correct) Compute(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float[] gradW, float[] gradB,
        WeightedCrossEntropy? weighted)
    {
        if (weighted is not null) throw new ArgumentException("only softmax regression takes class weights or label smoothing", nameof(weighted));
        Array.Clear(gradW);
        Array.Clear(gradB);
        return Pass(weights, bias, source, rows.AsSpan(start, count), gradW, gradB, 1.0 / count);
    }

    public (double Loss, double Accuracy) Evaluate(float[] weights, float[] bias, RowSource source, BatchGradient.Workspace work)
    {
        var (lossSum, correct) = Pass(weights, bias, source, source.AllRows, null, null, 0);   // in this gradient's own buffers, the same size as work's
        return (lossSum / source.Rows, Classifies ? (double)correct / source.Rows : double.NaN);
    }

    /// <summary>One pass over <paramref name="rows"/>: the summed loss, and with <paramref name="gradW"/> the gradient scaled by <paramref name="inverseM"/>.</summary>
    (double LossSum, int Correct) Pass(float[] weights, float[] bias, RowSource source, ReadOnlySpan<int> rows, float[]? gradW, float[]? gradB, double inverseM)
    {
        int k = link.Outputs;
        float[]? targets = source.Targets;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < rows.Length; start += BatchGradient.TileRows)
        {
            ReadOnlySpan<int> tile = rows.Slice(start, Math.Min(BatchGradient.TileRows, rows.Length - start));
            int t = tile.Length;
            Span<float> x = _work.Tile.AsSpan(0, t * d), z = _work.Scores.AsSpan(0, t * k), g = _work.Gradient.AsSpan(0, t * k);
            source.Gather(tile, x);
            LinearKernels.ScoresTile(weights, x, t, z);                     // Z = X Wᵀ
            for (int r = 0; r < t; r++)
            {
                for (int c = 0; c < k; c++) _z[c] = z[r * k + c] + bias[c];   // z = Wx + b
                double y = targets?[tile[r]] ?? source.Labels[tile[r]];         // a class index, or a regression target
                lossSum += link.Backward(_z, y, _dz);                         // L, ∂L/∂z = ŷ − y
                if (link.Classifies && link.Correct(_z, y)) correct++;
                if (gradB is null) continue;
                for (int c = 0; c < k; c++)
                {
                    float gc = (float)(_dz[c] * inverseM);                    // G = (ŷ − y) / m
                    g[r * k + c] = gc;
                    gradB[c] += gc;                                           // ∇b += g
                }
            }
            if (gradW is not null) LinearKernels.AccumulateOuter(g, x, gradW, k);   // ∇W += Gᵀ X
        }
        return (lossSum, correct);
    }

    public void Dispose() { }
}
