using System.Numerics.Tensors;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Core;

/// <summary>
/// The linear part of the model, z = θᵀx. The lectures stack the bias into θ [(d+1), k] and put a 1
/// in front of x; we keep W [k, d] (class-major: one contiguous row per class) and b [k] apart and
/// compute zₖ = wₖ · x + bₖ — the same numbers.
/// </summary>
public static class Linear
{
    /// <summary>z = Wx + b for one sample.</summary>
    /// <param name="weights">W [k, d], class-major</param>
    /// <param name="bias">b [k]</param>
    /// <param name="x">x [d]</param>
    /// <param name="z">z [k]</param>
    public static void Scores(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> z)
    {
        z = z[..bias.Length];
        LinearKernels.Scores(weights, x, z);                      // zₖ = wₖᵀx, all k in one pass over x
        TensorPrimitives.Add(z, bias, z);                         //      + bₖ
    }

    /// <summary>The index of the largest value (the first, on ties): the prediction argmaxₖ ŷₖ.</summary>
    public static int ArgMax(ReadOnlySpan<float> values) => TensorPrimitives.IndexOfMax(values);
}
