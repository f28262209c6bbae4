using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// The two products of a linear layer, register-blocked so that each load serves several FMAs:
/// scores z = Wx (forward; <see cref="ScoresTile(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
/// for a tile of rows) and the gradient ∇W += Gᵀ X (backward). W is [k, d] class-major.
/// A Vector256 path (AVX2 + FMA) is used when the hardware accelerates it, the scalar loops otherwise;
/// the overloads with a <c>vectorized</c> flag let tests run both on the same input. The ten-class scores and ∇W's
/// ten- and five-class kernels also have a Vector512 path (<see cref="Wide"/>) that gives the same numbers, bit for bit.
/// The scores are in LinearKernels.Scores.cs, ∇W in LinearKernels.Outer.cs; here per-sample SGD's fused step and the prefetch.
/// </summary>
internal static partial class LinearKernels
{
    const int Block = 4;                                          // classes per register block
    const int Five = 5;                                           // classes per register block when k is a multiple of 5: 2 rows × 5 = 10 accumulators

    /// <summary>True when the Vector256 path runs by default.</summary>
    public static readonly bool Vectorized = Vector256.IsHardwareAccelerated;

    /// <summary>
    /// True when the ten-class scores and ∇W's ten- and five-class kernels run 512 bits wide, with the numbers of the 256-bit kernels:
    /// ∇W element by element in the same order, the scores two classes to a register, one to each 256-bit half. On a Zen 5
    /// (full-width AVX-512) a full-batch Fashion-MNIST epoch takes about 6.5 ms instead of 11.
    /// </summary>
    public static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Per-sample SGD's two products in one pass over W: the step W ← W + g xᵀ (g = −η(ŷ − y), as
    /// <see cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/> with one row) and the next
    /// row's scores z' = W x' with the updated W, while each chunk of W is in a register: W is loaded once per sample
    /// instead of twice. Every number is the one the two separate kernels give (the same FMAs in the same order).
    /// </summary>
    /// <param name="weights">W [k, d], updated in place</param>
    /// <param name="g">[k] the step's factors</param>
    /// <param name="x">[d] the row just scored</param>
    /// <param name="next">x' [d] the next row</param>
    /// <param name="zNext">z' [k] = W x' (no bias)</param>
    public static void StepThenScore(Span<float> weights, ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> next, Span<float> zNext)
    {
        int k = g.Length, d = x.Length, c = 0;
        if (Vectorized && d >= Vector256<float>.Count)
            for (; c + Five <= k; c += Five) StepThenScoreFive(weights, g, x, next, zNext, c, d);
        for (; c < k; c++)                                        // the classes left (k not a multiple of 5)
        {
            Span<float> row = weights.Slice(c * d, d);
            AccumulateOuter(g.Slice(c, 1), x, row, 1);
            ScoresTile(row, next, 1, zNext.Slice(c, 1));
        }
    }

    static void StepThenScoreFive(Span<float> weights, ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> next, Span<float> z, int c, int d)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
        ref float w1 = ref Unsafe.Add(ref w0, d);
        ref float w2 = ref Unsafe.Add(ref w1, d);
        ref float w3 = ref Unsafe.Add(ref w2, d);
        ref float w4 = ref Unsafe.Add(ref w3, d);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float x1 = ref MemoryMarshal.GetReference(next);
        Vector256<float> g0 = Vector256.Create(g[c]), g1 = Vector256.Create(g[c + 1]), g2 = Vector256.Create(g[c + 2]), g3 = Vector256.Create(g[c + 3]), g4 = Vector256.Create(g[c + 4]);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        int j = 0;
        for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            nuint at = (nuint)j;
            var u = Vector256.LoadUnsafe(ref x0, at);
            var v = Vector256.LoadUnsafe(ref x1, at);
            var w = Vector256.FusedMultiplyAdd(g0, u, Vector256.LoadUnsafe(ref w0, at));   // w ← w + g x
            w.StoreUnsafe(ref w0, at);
            a0 = Vector256.FusedMultiplyAdd(w, v, a0);                                    // z' += w x'
            w = Vector256.FusedMultiplyAdd(g1, u, Vector256.LoadUnsafe(ref w1, at));
            w.StoreUnsafe(ref w1, at);
            a1 = Vector256.FusedMultiplyAdd(w, v, a1);
            w = Vector256.FusedMultiplyAdd(g2, u, Vector256.LoadUnsafe(ref w2, at));
            w.StoreUnsafe(ref w2, at);
            a2 = Vector256.FusedMultiplyAdd(w, v, a2);
            w = Vector256.FusedMultiplyAdd(g3, u, Vector256.LoadUnsafe(ref w3, at));
            w.StoreUnsafe(ref w3, at);
            a3 = Vector256.FusedMultiplyAdd(w, v, a3);
            w = Vector256.FusedMultiplyAdd(g4, u, Vector256.LoadUnsafe(ref w4, at));
            w.StoreUnsafe(ref w4, at);
            a4 = Vector256.FusedMultiplyAdd(w, v, a4);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3), s4 = Vector256.Sum(a4);
        for (; j < d; j++)                                        // the tail: the step as AccumulateOuter's, the score as ScoresOneRow's
        {
            float u = Unsafe.Add(ref x0, j), v = Unsafe.Add(ref x1, j);
            float q0 = Unsafe.Add(ref w0, j) = MathF.FusedMultiplyAdd(g[c], u, Unsafe.Add(ref w0, j));
            float q1 = Unsafe.Add(ref w1, j) = MathF.FusedMultiplyAdd(g[c + 1], u, Unsafe.Add(ref w1, j));
            float q2 = Unsafe.Add(ref w2, j) = MathF.FusedMultiplyAdd(g[c + 2], u, Unsafe.Add(ref w2, j));
            float q3 = Unsafe.Add(ref w3, j) = MathF.FusedMultiplyAdd(g[c + 3], u, Unsafe.Add(ref w3, j));
            float q4 = Unsafe.Add(ref w4, j) = MathF.FusedMultiplyAdd(g[c + 4], u, Unsafe.Add(ref w4, j));
            s0 += q0 * v; s1 += q1 * v; s2 += q2 * v; s3 += q3 * v; s4 += q4 * v;
        }
        z[c] = s0; z[c + 1] = s1; z[c + 2] = s2; z[c + 3] = s3; z[c + 4] = s4;
    }

    /// <summary>
    /// Asks the CPU to start loading <paramref name="row"/> into the L2 cache (<paramref name="near"/>: prefetcht1) or the outer
    /// caches (prefetcht2), one request per 64-byte line it touches.
    /// </summary>
    public static unsafe void Prefetch(ReadOnlySpan<byte> row, bool near = true)
    {
        if (!Sse.IsSupported || row.IsEmpty) return;
        fixed (byte* start = row)
        {
            byte* line = (byte*)((nuint)start & ~(nuint)63), end = start + row.Length;   // from the line holding the first byte to the one holding the last
            if (near) for (; line < end; line += 64) Sse.Prefetch1(line);
            else for (; line < end; line += 64) Sse.Prefetch2(line);
        }
    }
}
