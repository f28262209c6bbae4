using System.Numerics.Tensors;

namespace SoftmaxSharp.Core;

/// <summary>
/// The softmax function ŷᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), computed the stable way (lecture 000):
/// m = max(z), ŷᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m). Same numbers, but e^z never overflows.
/// </summary>
public static class Softmax
{
    /// <summary>ŷ = softmax(z) for one row of scores. Returns log Σⱼ e^(zⱼ) (the log-sum-exp), which the loss needs.</summary>
    /// <param name="z">scores [k]</param>
    /// <param name="probabilities">ŷ [k]; may be the same span as <paramref name="z"/></param>
    public static float Stable(ReadOnlySpan<float> z, Span<float> probabilities)
    {
        if (z.Length == 0) throw new ArgumentException("softmax of an empty vector", nameof(z));
        if (probabilities.Length < z.Length) throw new ArgumentException("destination is shorter than z", nameof(probabilities));
        Span<float> p = probabilities[..z.Length];
        float m = MinusMax(z, p);                                 // zᵢ − m
        Kernels.ExpKernel.Exp(p, p);                              // e^(zᵢ − m) ≤ 1 (MathF.Exp's numbers, eight or four at a time)
        float sum = Normalize(p);                                 // ŷᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m)
        return m + MathF.Log(sum);                                // log Σ e^z = m + log Σ e^(z − m)
    }

    /// <summary>
    /// Row-wise stable softmax of a [rows, k] matrix, in place or into <paramref name="probabilities"/>: each row as <see cref="Stable"/>
    /// computes it, the same numbers, but e^(z − m) is taken for 64 rows in one call (a row of ten is too short for e^x's vector loop).
    /// </summary>
    public static void Rows(ReadOnlySpan<float> scores, int k, Span<float> probabilities)
    {
        if (k <= 0 || scores.Length % k != 0) throw new ArgumentException($"scores length {scores.Length} is not a multiple of k = {k}");
        if (probabilities.Length < scores.Length) throw new ArgumentException("destination is shorter than the scores", nameof(probabilities));
        const int BlockRows = 64;
        for (int start = 0; start < scores.Length; start += BlockRows * k)
        {
            int length = Math.Min(BlockRows * k, scores.Length - start);
            Span<float> p = probabilities.Slice(start, length);
            for (int row = 0; row < length; row += k) MinusMax(scores.Slice(start + row, k), p.Slice(row, k));   // zᵢ − m, row by row
            Kernels.ExpKernel.Exp(p, p);                                          // e^(zᵢ − m), the block's rows at once
            for (int row = 0; row < length; row += k) Normalize(p.Slice(row, k));   // ŷᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m)
        }
    }

    /// <summary>p ← z − m with m = max(z) (NaN when z holds one), which it returns; p may be z.</summary>
    static float MinusMax(ReadOnlySpan<float> z, Span<float> p)
    {
        float m = TensorPrimitives.Max(z);                       // m = max(z)
        for (int i = 0; i < z.Length; i++) p[i] = z[i] - m;
        return m;
    }

    /// <summary>e ← e / Σⱼ eⱼ (the sum in order, then one division and a multiply each); returns Σⱼ eⱼ.</summary>
    static float Normalize(Span<float> e)
    {
        float sum = 0f;
        for (int i = 0; i < e.Length; i++) sum += e[i];
        float inverse = 1f / sum;
        for (int i = 0; i < e.Length; i++) e[i] *= inverse;
        return sum;
    }

    /// <summary>ŷ = softmax(z) as a new array.</summary>
    public static float[] Of(params float[] z)
    {
        var p = new float[z.Length];
        Stable(z, p);
        return p;
    }
}
