using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// The product a dense layer's backward pass needs besides those of <see cref="LinearKernels"/>:
/// the error sent back to the layer's input, E = Δ W, with W [out, in] unit-major.
/// </summary>
internal static class DenseKernels
{
    /// <summary>
    /// E [t, in] = Δ [t, out] · W [out, in]: row r of E is Σ_c Δ[r, c] · W[c, :]. Two rows at a time, eight
    /// inputs per register, so each loaded chunk of W serves two FMAs; every value is summed over c in order.
    /// </summary>
    public static void BackpropInput(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, int rows, Span<float> error) =>
        BackpropInput(delta, weights, rows, error, LinearKernels.Vectorized);

    /// <inheritdoc cref="BackpropInput(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
    public static void BackpropInput(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, int rows, Span<float> error, bool vectorized)
    {
        if (rows == 0) return;
        int units = delta.Length / rows, inputs = error.Length / rows;
        if (weights.Length != units * inputs) throw new ArgumentException($"W has {weights.Length} values, expected {units} × {inputs}");
        ref float w = ref MemoryMarshal.GetReference(weights);
        if (vectorized && Vector256.IsHardwareAccelerated)
        {
            for (int r = 0; r < rows; r += 2)
            {
                int second = r + 1 < rows ? r + 1 : r;            // a lone last row pairs with itself
                ref float da = ref MemoryMarshal.GetReference(delta.Slice(r * units, units));
                ref float db = ref MemoryMarshal.GetReference(delta.Slice(second * units, units));
                ref float ea = ref MemoryMarshal.GetReference(error.Slice(r * inputs, inputs));
                ref float eb = ref MemoryMarshal.GetReference(error.Slice(second * inputs, inputs));
                int j = 0;
                for (; j <= inputs - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    Vector256<float> a = default, b = default;
                    for (int c = 0; c < units; c++)
                    {
                        var wv = Vector256.LoadUnsafe(ref w, (nuint)(c * inputs + j));
                        a = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref da, c)), wv, a);
                        b = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref db, c)), wv, b);
                    }
                    a.StoreUnsafe(ref ea, (nuint)j);
                    b.StoreUnsafe(ref eb, (nuint)j);
                }
                for (; j < inputs; j++)
                {
                    float a = 0, b = 0;
                    for (int c = 0; c < units; c++)
                    {
                        float wv = Unsafe.Add(ref w, c * inputs + j);
                        a = MathF.FusedMultiplyAdd(Unsafe.Add(ref da, c), wv, a);
                        b = MathF.FusedMultiplyAdd(Unsafe.Add(ref db, c), wv, b);
                    }
                    Unsafe.Add(ref ea, j) = a;
                    Unsafe.Add(ref eb, j) = b;
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < inputs; j++)
            {
                float sum = 0;
                for (int c = 0; c < units; c++) sum += delta[r * units + c] * weights[c * inputs + j];
                error[r * inputs + j] = sum;
            }
    }
}
