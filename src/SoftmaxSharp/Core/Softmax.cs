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
        float m = TensorPrimitives.Max(z);                       // m = max(z)
        for (int i = 0; i < z.Length; i++) probabilities[i] = z[i] - m;
        Kernels.ExpKernel.Exp(probabilities[..z.Length], probabilities);   // e^(zᵢ − m) ≤ 1 (MathF.Exp's numbers, four at a time)
        float sum = 0f;
        for (int i = 0; i < z.Length; i++) sum += probabilities[i];
        float inverse = 1f / sum;
        for (int i = 0; i < z.Length; i++) probabilities[i] *= inverse;
        return m + MathF.Log(sum);                                // log Σ e^z = m + log Σ e^(z − m)
    }

    /// <summary>Row-wise stable softmax of a [rows, k] matrix, in place or into <paramref name="probabilities"/>.</summary>
    public static void Rows(ReadOnlySpan<float> scores, int k, Span<float> probabilities)
    {
        if (k <= 0 || scores.Length % k != 0) throw new ArgumentException($"scores length {scores.Length} is not a multiple of k = {k}");
        for (int start = 0; start < scores.Length; start += k)
            Stable(scores.Slice(start, k), probabilities.Slice(start, k));
    }

    /// <summary>ŷ = softmax(z) as a new array.</summary>
    public static float[] Of(params float[] z)
    {
        var p = new float[z.Length];
        Stable(z, p);
        return p;
    }
}
