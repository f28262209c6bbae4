using System.Numerics.Tensors;
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
/// </summary>
internal static class LinearKernels
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

    /// <summary>z[c] = w_c · x for every class c (no bias): <see cref="ScoresTile(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/> for one row.</summary>
    /// <param name="weights">W [k, d]</param>
    /// <param name="x">x [d]</param>
    /// <param name="z">z [k]</param>
    public static void Scores(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, Span<float> z) => ScoresTile(weights, x, 1, z, Vectorized);

    /// <inheritdoc cref="Scores(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    public static void Scores(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, Span<float> z, bool vectorized) => ScoresTile(weights, x, 1, z, vectorized);

    /// <summary>
    /// Z [t, k] = X [t, d] Wᵀ for a tile of t contiguous rows (no bias), two rows at a time so that each
    /// loaded chunk of W serves both. Every score is summed in the same order (chunk by chunk, then
    /// across the vector, then the tail) whichever row it pairs with, and a lone last row is summed
    /// alone in that order: a row's scores do not depend on its place in a tile, so batching never changes a result.
    /// </summary>
    public static void ScoresTile(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, int rows, Span<float> z) =>
        ScoresTile(weights, x, rows, z, Vectorized);

    /// <inheritdoc cref="ScoresTile(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
    public static void ScoresTile(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, int rows, Span<float> z, bool vectorized) =>
        ScoresTile(weights, x, rows, z, vectorized, Wide);

    /// <inheritdoc cref="ScoresTile(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
    /// <param name="wide">ten classes two to a Vector512 register (<see cref="Wide"/>); the same numbers either way, which tests check</param>
    public static void ScoresTile(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, int rows, Span<float> z, bool vectorized, bool wide)
    {
        if (rows == 0) return;
        int k = z.Length / rows, d = x.Length / rows;
        if (!vectorized || d < Vector256<float>.Count)
        {
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < k; c++)
                {
                    float sum = 0;
                    for (int j = 0; j < d; j++) sum += weights[c * d + j] * x[r * d + j];
                    z[r * k + c] = sum;
                }
            return;
        }
        // Class blocks outside, row pairs inside: a block's rows of W (4 or 5 rows of d floats) stay in L1 while the tile's rows stream past.
        int pairs = rows / 2, first = 0, firstPair = 0;
        if (wide && k % (2 * Five) == 0)                            // k = 10 on AVX-512: four rows by ten classes at once, two classes to a register
        {
            for (int c = 0; c < k; c += 2 * Five)
                for (int q = 0; q < rows / 4; q++)
                    ScoresFourRowsTenWide(weights, x.Slice(4 * q * d, 4 * d), z.Slice(4 * q * k, 4 * k), c, d);
            firstPair = rows / 4 * 2;                               // a last pair (rows % 4 ≥ 2) by the five-class kernel: the same sums
        }
        if (k % Five == 0)                                          // k = 10 (digits, Fashion-MNIST): blocks of five, ten chains of FMAs
            for (; first < k; first += Five)
                for (int p = firstPair; p < pairs; p++)
                    ScoresTwoRowsFive(weights, x.Slice(2 * p * d, d), x.Slice((2 * p + 1) * d, d), z.Slice(2 * p * k, k), z.Slice((2 * p + 1) * k, k), first, d);
        for (; first + Block <= k; first += Block)
            for (int p = 0; p < pairs; p++)
                ScoresTwoRowsBlock(weights, x.Slice(2 * p * d, d), x.Slice((2 * p + 1) * d, d), z.Slice(2 * p * k, k), z.Slice((2 * p + 1) * k, k), first, d);
        if (first + 2 <= k)
        {
            for (int p = 0; p < pairs; p++)
                ScoresTwoRowsPair(weights, x.Slice(2 * p * d, d), x.Slice((2 * p + 1) * d, d), z.Slice(2 * p * k, k), z.Slice((2 * p + 1) * k, k), first, d);
            first += 2;
        }
        if (first < k)
            for (int p = 0; p < pairs; p++)
                ScoresTwoRowsOne(weights, x.Slice(2 * p * d, d), x.Slice((2 * p + 1) * d, d), z.Slice(2 * p * k, k), z.Slice((2 * p + 1) * k, k), first, d);
        if (rows % 2 == 1)                                           // a lone last row (per-sample SGD: every row)
            ScoresOneRow(weights, x.Slice((rows - 1) * d, d), z.Slice((rows - 1) * k, k), d);
    }

    /// <summary>Scores of classes c..c+4 for two rows: eight independent sums, one load of W per two FMAs.</summary>
    static void ScoresTwoRowsBlock(ReadOnlySpan<float> weights, ReadOnlySpan<float> xa, ReadOnlySpan<float> xb, Span<float> za, Span<float> zb, int c, int d)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
        ref float w1 = ref Unsafe.Add(ref w0, d);
        ref float w2 = ref Unsafe.Add(ref w1, d);
        ref float w3 = ref Unsafe.Add(ref w2, d);
        ref float x0 = ref MemoryMarshal.GetReference(xa);
        ref float x1 = ref MemoryMarshal.GetReference(xb);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        int j = 0;
        for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var u = Vector256.LoadUnsafe(ref x0, (nuint)j);
            var v = Vector256.LoadUnsafe(ref x1, (nuint)j);
            var w = Vector256.LoadUnsafe(ref w0, (nuint)j);
            a0 = Vector256.FusedMultiplyAdd(w, u, a0);
            b0 = Vector256.FusedMultiplyAdd(w, v, b0);
            w = Vector256.LoadUnsafe(ref w1, (nuint)j);
            a1 = Vector256.FusedMultiplyAdd(w, u, a1);
            b1 = Vector256.FusedMultiplyAdd(w, v, b1);
            w = Vector256.LoadUnsafe(ref w2, (nuint)j);
            a2 = Vector256.FusedMultiplyAdd(w, u, a2);
            b2 = Vector256.FusedMultiplyAdd(w, v, b2);
            w = Vector256.LoadUnsafe(ref w3, (nuint)j);
            a3 = Vector256.FusedMultiplyAdd(w, u, a3);
            b3 = Vector256.FusedMultiplyAdd(w, v, b3);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
        float t0 = Vector256.Sum(b0), t1 = Vector256.Sum(b1), t2 = Vector256.Sum(b2), t3 = Vector256.Sum(b3);
        for (; j < d; j++)
        {
            float u = Unsafe.Add(ref x0, j), v = Unsafe.Add(ref x1, j);
            float q0 = Unsafe.Add(ref w0, j), q1 = Unsafe.Add(ref w1, j), q2 = Unsafe.Add(ref w2, j), q3 = Unsafe.Add(ref w3, j);
            s0 += q0 * u; s1 += q1 * u; s2 += q2 * u; s3 += q3 * u;
            t0 += q0 * v; t1 += q1 * v; t2 += q2 * v; t3 += q3 * v;
        }
        za[c] = s0; za[c + 1] = s1; za[c + 2] = s2; za[c + 3] = s3;
        zb[c] = t0; zb[c + 1] = t1; zb[c + 2] = t2; zb[c + 3] = t3;
    }

    /// <summary>Scores of classes c..c+5 for two rows: ten independent sums (more FMAs in flight than the four-class block), one load of W per two FMAs.</summary>
    static void ScoresTwoRowsFive(ReadOnlySpan<float> weights, ReadOnlySpan<float> xa, ReadOnlySpan<float> xb, Span<float> za, Span<float> zb, int c, int d)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
        ref float w1 = ref Unsafe.Add(ref w0, d);
        ref float w2 = ref Unsafe.Add(ref w1, d);
        ref float w3 = ref Unsafe.Add(ref w2, d);
        ref float w4 = ref Unsafe.Add(ref w3, d);
        ref float x0 = ref MemoryMarshal.GetReference(xa);
        ref float x1 = ref MemoryMarshal.GetReference(xb);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default;
        int j = 0;
        for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var u = Vector256.LoadUnsafe(ref x0, (nuint)j);
            var v = Vector256.LoadUnsafe(ref x1, (nuint)j);
            var w = Vector256.LoadUnsafe(ref w0, (nuint)j);
            a0 = Vector256.FusedMultiplyAdd(w, u, a0);
            b0 = Vector256.FusedMultiplyAdd(w, v, b0);
            w = Vector256.LoadUnsafe(ref w1, (nuint)j);
            a1 = Vector256.FusedMultiplyAdd(w, u, a1);
            b1 = Vector256.FusedMultiplyAdd(w, v, b1);
            w = Vector256.LoadUnsafe(ref w2, (nuint)j);
            a2 = Vector256.FusedMultiplyAdd(w, u, a2);
            b2 = Vector256.FusedMultiplyAdd(w, v, b2);
            w = Vector256.LoadUnsafe(ref w3, (nuint)j);
            a3 = Vector256.FusedMultiplyAdd(w, u, a3);
            b3 = Vector256.FusedMultiplyAdd(w, v, b3);
            w = Vector256.LoadUnsafe(ref w4, (nuint)j);
            a4 = Vector256.FusedMultiplyAdd(w, u, a4);
            b4 = Vector256.FusedMultiplyAdd(w, v, b4);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3), s4 = Vector256.Sum(a4);
        float t0 = Vector256.Sum(b0), t1 = Vector256.Sum(b1), t2 = Vector256.Sum(b2), t3 = Vector256.Sum(b3), t4 = Vector256.Sum(b4);
        for (; j < d; j++)
        {
            float u = Unsafe.Add(ref x0, j), v = Unsafe.Add(ref x1, j);
            float q0 = Unsafe.Add(ref w0, j), q1 = Unsafe.Add(ref w1, j), q2 = Unsafe.Add(ref w2, j), q3 = Unsafe.Add(ref w3, j), q4 = Unsafe.Add(ref w4, j);
            s0 += q0 * u; s1 += q1 * u; s2 += q2 * u; s3 += q3 * u; s4 += q4 * u;
            t0 += q0 * v; t1 += q1 * v; t2 += q2 * v; t3 += q3 * v; t4 += q4 * v;
        }
        za[c] = s0; za[c + 1] = s1; za[c + 2] = s2; za[c + 3] = s3; za[c + 4] = s4;
        zb[c] = t0; zb[c + 1] = t1; zb[c + 2] = t2; zb[c + 3] = t3; zb[c + 4] = t4;
    }

    /// <summary>
    /// Scores z_c = w_c · x of classes c..c+9 for four rows, 512 bits wide: each register holds two classes, one to a 256-bit half,
    /// so every half sums its class exactly as <see cref="ScoresTwoRowsFive"/> does (chunk by chunk, across the half, then the tail).
    /// Twenty accumulators: each chunk of W (five loads, five inserts) serves twenty FMAs. On the Zen 5 host a 64-row tile's scores
    /// run at about 200 GFLOP/s instead of 130 with two rows (ten FMAs a chunk, bound by the loads and inserts).
    /// </summary>
    /// <param name="x">X [4, d]: four contiguous rows</param>
    /// <param name="z">Z [4, k]: their scores, classes c..c+9 written</param>
    static unsafe void ScoresFourRowsTenWide(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, Span<float> z, int c, int d)
    {
        int k = z.Length / 4;
        nuint row = (nuint)d;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default;
        Vector512<float> f0 = default, f1 = default, f2 = default, f3 = default, f4 = default;
        int j = 0;
        fixed (float* pa = x, pw = &MemoryMarshal.GetReference(weights.Slice(c * d)))
        {
            float* pb = pa + d, pe = pb + d, pf = pe + d;
            for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var u = Broadcast(pa + j);                            // x[j..j+8] of each row in both halves
                var v = Broadcast(pb + j);
                var s = Broadcast(pe + j);
                var t = Broadcast(pf + j);
                float* wj = pw + j;                                   // w: the rows of classes c + 2i (lower half) and c + 2i + 1 (upper)
                var w = Vector256.Load(wj).ToVector512Unsafe().WithUpper(Vector256.Load(wj + row));
                a0 = Vector512.FusedMultiplyAdd(w, u, a0); b0 = Vector512.FusedMultiplyAdd(w, v, b0);
                e0 = Vector512.FusedMultiplyAdd(w, s, e0); f0 = Vector512.FusedMultiplyAdd(w, t, f0);
                w = Vector256.Load(wj + 2 * row).ToVector512Unsafe().WithUpper(Vector256.Load(wj + 3 * row));
                a1 = Vector512.FusedMultiplyAdd(w, u, a1); b1 = Vector512.FusedMultiplyAdd(w, v, b1);
                e1 = Vector512.FusedMultiplyAdd(w, s, e1); f1 = Vector512.FusedMultiplyAdd(w, t, f1);
                w = Vector256.Load(wj + 4 * row).ToVector512Unsafe().WithUpper(Vector256.Load(wj + 5 * row));
                a2 = Vector512.FusedMultiplyAdd(w, u, a2); b2 = Vector512.FusedMultiplyAdd(w, v, b2);
                e2 = Vector512.FusedMultiplyAdd(w, s, e2); f2 = Vector512.FusedMultiplyAdd(w, t, f2);
                w = Vector256.Load(wj + 6 * row).ToVector512Unsafe().WithUpper(Vector256.Load(wj + 7 * row));
                a3 = Vector512.FusedMultiplyAdd(w, u, a3); b3 = Vector512.FusedMultiplyAdd(w, v, b3);
                e3 = Vector512.FusedMultiplyAdd(w, s, e3); f3 = Vector512.FusedMultiplyAdd(w, t, f3);
                w = Vector256.Load(wj + 8 * row).ToVector512Unsafe().WithUpper(Vector256.Load(wj + 9 * row));
                a4 = Vector512.FusedMultiplyAdd(w, u, a4); b4 = Vector512.FusedMultiplyAdd(w, v, b4);
                e4 = Vector512.FusedMultiplyAdd(w, s, e4); f4 = Vector512.FusedMultiplyAdd(w, t, f4);
            }
        }
        SumHalves(a0, a1, a2, a3, a4, z.Slice(c, 2 * Five));                 // z_c..z_c+9 of each row
        SumHalves(b0, b1, b2, b3, b4, z.Slice(k + c, 2 * Five));
        SumHalves(e0, e1, e2, e3, e4, z.Slice(2 * k + c, 2 * Five));
        SumHalves(f0, f1, f2, f3, f4, z.Slice(3 * k + c, 2 * Five));
        if (j < d) AddTail(weights, x, z, 4, c, 2 * Five, j);         // the tail, after the vector sums, as in the five-class kernel

        // One load (as 4 doubles: the same bits) where the CPU has AVX-512; elsewhere (the tests) the same vector built in software.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Broadcast(float* at) => Avx512F.IsSupported
            ? Avx512F.BroadcastVector256ToVector512((double*)at).AsSingle()
            : Vector512.Create(Vector256.Load(at), Vector256.Load(at));
    }

    /// <summary>
    /// z_c += Σ w_c,i x_i over the columns i ≥ <paramref name="from"/> that the vector loops leave, for classes c..c + classes − 1 of
    /// <paramref name="rows"/> rows (x [rows, d], z [rows, k]), row after row: the scalar tail of the four-row kernels.
    /// </summary>
    internal static void AddTail(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, Span<float> z, int rows, int c, int classes, int from)
    {
        int d = x.Length / rows, k = z.Length / rows;
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < classes; q++)
            {
                float sum = z[r * k + c + q];
                for (int i = from; i < d; i++) sum += weights[(c + q) * d + i] * x[r * d + i];
                z[r * k + c + q] = sum;
            }
    }

    /// <summary>s[2i], s[2i + 1] = the sums across the lower and upper halves of register i (inlined: the twenty accumulators stay in registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SumHalves(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3, Vector512<float> r4, Span<float> s)
    {
        s[0] = Vector256.Sum(r0.GetLower()); s[1] = Vector256.Sum(r0.GetUpper()); s[2] = Vector256.Sum(r1.GetLower()); s[3] = Vector256.Sum(r1.GetUpper());
        s[4] = Vector256.Sum(r2.GetLower()); s[5] = Vector256.Sum(r2.GetUpper()); s[6] = Vector256.Sum(r3.GetLower()); s[7] = Vector256.Sum(r3.GetUpper());
        s[8] = Vector256.Sum(r4.GetLower()); s[9] = Vector256.Sum(r4.GetUpper());
    }

    /// <summary>
    /// The scores of one row, four classes at a time: each class's sum in the same order as in the two-row
    /// kernels (chunk by chunk into one vector, across it, then the tail), so a row's scores are the same alone or paired.
    /// </summary>
    static void ScoresOneRow(ReadOnlySpan<float> weights, ReadOnlySpan<float> xa, Span<float> za, int d)
    {
        int k = za.Length, c = 0;
        ref float x0 = ref MemoryMarshal.GetReference(xa);
        for (; k % (2 * Five) == 0 && c < k; c += 2 * Five)       // k = 10: all ten classes at once, ten chains of FMAs
        {
            ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
            nuint row = (nuint)d;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default;
            int j = 0;
            for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var u = Vector256.LoadUnsafe(ref x0, (nuint)j);
                ref float wj = ref Unsafe.Add(ref w0, j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj), u, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, row), u, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 2 * row), u, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 3 * row), u, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 4 * row), u, a4);
                a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 5 * row), u, a5);
                a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 6 * row), u, a6);
                a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 7 * row), u, a7);
                a8 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 8 * row), u, a8);
                a9 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref wj, 9 * row), u, a9);
            }
            Span<float> s = za.Slice(c, 2 * Five);
            s[0] = Vector256.Sum(a0); s[1] = Vector256.Sum(a1); s[2] = Vector256.Sum(a2); s[3] = Vector256.Sum(a3); s[4] = Vector256.Sum(a4);
            s[5] = Vector256.Sum(a5); s[6] = Vector256.Sum(a6); s[7] = Vector256.Sum(a7); s[8] = Vector256.Sum(a8); s[9] = Vector256.Sum(a9);
            for (; j < d; j++)                                       // the tail, after the vector sum, as in the other kernels
            {
                float u = Unsafe.Add(ref x0, j);
                for (int q = 0; q < 2 * Five; q++) s[q] += Unsafe.Add(ref w0, q * d + j) * u;
            }
        }
        for (; k % Five == 0 && c < k; c += Five)                  // k = 5, 15, …: blocks of five, no single-class remainder
        {
            ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
            ref float w1 = ref Unsafe.Add(ref w0, d);
            ref float w2 = ref Unsafe.Add(ref w1, d);
            ref float w3 = ref Unsafe.Add(ref w2, d);
            ref float w4 = ref Unsafe.Add(ref w3, d);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
            int j = 0;
            for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var u = Vector256.LoadUnsafe(ref x0, (nuint)j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w0, (nuint)j), u, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w1, (nuint)j), u, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w2, (nuint)j), u, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w3, (nuint)j), u, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w4, (nuint)j), u, a4);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3), s4 = Vector256.Sum(a4);
            for (; j < d; j++)
            {
                float u = Unsafe.Add(ref x0, j);
                s0 += Unsafe.Add(ref w0, j) * u; s1 += Unsafe.Add(ref w1, j) * u; s2 += Unsafe.Add(ref w2, j) * u; s3 += Unsafe.Add(ref w3, j) * u; s4 += Unsafe.Add(ref w4, j) * u;
            }
            za[c] = s0; za[c + 1] = s1; za[c + 2] = s2; za[c + 3] = s3; za[c + 4] = s4;
        }
        for (; c + Block <= k; c += Block)
        {
            ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
            ref float w1 = ref Unsafe.Add(ref w0, d);
            ref float w2 = ref Unsafe.Add(ref w1, d);
            ref float w3 = ref Unsafe.Add(ref w2, d);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            int j = 0;
            for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var u = Vector256.LoadUnsafe(ref x0, (nuint)j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w0, (nuint)j), u, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w1, (nuint)j), u, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w2, (nuint)j), u, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w3, (nuint)j), u, a3);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (; j < d; j++)
            {
                float u = Unsafe.Add(ref x0, j);
                s0 += Unsafe.Add(ref w0, j) * u; s1 += Unsafe.Add(ref w1, j) * u; s2 += Unsafe.Add(ref w2, j) * u; s3 += Unsafe.Add(ref w3, j) * u;
            }
            za[c] = s0; za[c + 1] = s1; za[c + 2] = s2; za[c + 3] = s3;
        }
        for (; c < k; c++)
        {
            ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
            Vector256<float> a0 = default;
            int j = 0;
            for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w0, (nuint)j), Vector256.LoadUnsafe(ref x0, (nuint)j), a0);
            float s0 = Vector256.Sum(a0);
            for (; j < d; j++) s0 += Unsafe.Add(ref w0, j) * Unsafe.Add(ref x0, j);
            za[c] = s0;
        }
    }

    /// <summary>Scores of classes c, c+1 for two rows (the remainder when k is not a multiple of 4).</summary>
    static void ScoresTwoRowsPair(ReadOnlySpan<float> weights, ReadOnlySpan<float> xa, ReadOnlySpan<float> xb, Span<float> za, Span<float> zb, int c, int d)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
        ref float w1 = ref Unsafe.Add(ref w0, d);
        ref float x0 = ref MemoryMarshal.GetReference(xa);
        ref float x1 = ref MemoryMarshal.GetReference(xb);
        Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
        int j = 0;
        for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var u = Vector256.LoadUnsafe(ref x0, (nuint)j);
            var v = Vector256.LoadUnsafe(ref x1, (nuint)j);
            var w = Vector256.LoadUnsafe(ref w0, (nuint)j);
            a0 = Vector256.FusedMultiplyAdd(w, u, a0);
            b0 = Vector256.FusedMultiplyAdd(w, v, b0);
            w = Vector256.LoadUnsafe(ref w1, (nuint)j);
            a1 = Vector256.FusedMultiplyAdd(w, u, a1);
            b1 = Vector256.FusedMultiplyAdd(w, v, b1);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), t0 = Vector256.Sum(b0), t1 = Vector256.Sum(b1);
        for (; j < d; j++)
        {
            float u = Unsafe.Add(ref x0, j), v = Unsafe.Add(ref x1, j), q0 = Unsafe.Add(ref w0, j), q1 = Unsafe.Add(ref w1, j);
            s0 += q0 * u; s1 += q1 * u; t0 += q0 * v; t1 += q1 * v;
        }
        za[c] = s0; za[c + 1] = s1; zb[c] = t0; zb[c + 1] = t1;
    }

    /// <summary>The score of class c for two rows (the last class when k is odd).</summary>
    static void ScoresTwoRowsOne(ReadOnlySpan<float> weights, ReadOnlySpan<float> xa, ReadOnlySpan<float> xb, Span<float> za, Span<float> zb, int c, int d)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d);
        ref float x0 = ref MemoryMarshal.GetReference(xa);
        ref float x1 = ref MemoryMarshal.GetReference(xb);
        Vector256<float> a0 = default, b0 = default;
        int j = 0;
        for (; j <= d - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var w = Vector256.LoadUnsafe(ref w0, (nuint)j);
            a0 = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref x0, (nuint)j), a0);
            b0 = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref x1, (nuint)j), b0);
        }
        float s0 = Vector256.Sum(a0), t0 = Vector256.Sum(b0);
        for (; j < d; j++)
        {
            float q0 = Unsafe.Add(ref w0, j);
            s0 += q0 * Unsafe.Add(ref x0, j);
            t0 += q0 * Unsafe.Add(ref x1, j);
        }
        za[c] = s0; zb[c] = t0;
    }

    /// <summary>
    /// ∇W[c, :] += Σᵣ G[r, c] · X[r, :] over a tile of t contiguous rows — the lectures' x(ŷ − y)ᵀ summed
    /// over the tile, one pass over each x per four classes.
    /// </summary>
    /// <param name="g">G [t, k]: ∂L/∂z of each row of the tile</param>
    /// <param name="x">X [t, d]: the tile's rows</param>
    /// <param name="gradW">∇W [k, d], accumulated into</param>
    public static void AccumulateOuter(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k) =>
        AccumulateOuter(g, x, gradW, k, Vectorized);

    /// <summary>∇W = Gᵀ X over a tile (<paramref name="gradW"/> overwritten, not added to): the numbers of clearing ∇W, then <see cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>.</summary>
    public static void OuterProduct(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k, bool vectorized) =>
        AccumulateOuter(g, x, gradW, k, vectorized, overwrite: true, Wide);

    /// <inheritdoc cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
    public static void AccumulateOuter(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k, bool vectorized) =>
        AccumulateOuter(g, x, gradW, k, vectorized, overwrite: false, Wide);

    /// <inheritdoc cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
    /// <param name="overwrite">∇W = Gᵀ X instead of += : the five-class kernel starts its registers at 0 (a pass over ∇W less); the others clear ∇W first</param>
    /// <param name="wide">the ten- and five-class kernels in Vector512 (<see cref="Wide"/>); the same numbers either way, which tests check</param>
    public static void AccumulateOuter(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k, bool vectorized, bool overwrite, bool wide)
    {
        int t = g.Length / k;
        int d = gradW.Length / k;
        bool five = vectorized && d >= Vector256<float>.Count && k % Five == 0 && t > 0;
        if (overwrite && !five) gradW.Clear();
        if (t == 0) return;
        int c = 0;
        if (vectorized && d >= Vector256<float>.Count)
        {
            if (five && wide && k % (2 * Five) == 0 && d >= 2 * Vector512<float>.Count)
                for (; c < k; c += 2 * Five) AccumulateTenWide(g, x, gradW, c, k, d, t, overwrite);
            if (five)
                for (; c < k; c += Five)
                    if (wide && d >= 2 * Vector512<float>.Count) AccumulateFiveWide(g, x, gradW, c, k, d, t, overwrite);
                    else AccumulateFive(g, x, gradW, c, k, d, t, overwrite);
            for (; c + Block <= k; c += Block) AccumulateBlock(g, x, gradW, c, k, d, t);
            if (c + 2 <= k) { AccumulatePair(g, x, gradW, c, k, d, t); c += 2; }
            for (; c < k; c++)
            {
                Span<float> gradRow = gradW.Slice(c * d, d);
                for (int r = 0; r < t; r++) TensorPrimitives.FusedMultiplyAdd(x.Slice(r * d, d), g[r * k + c], gradRow, gradRow);   // fused, as the blocks: one rounding per element
            }
            return;
        }
        for (; c < k; c++)
        {
            Span<float> gradRow = gradW.Slice(c * d, d);
            for (int r = 0; r < t; r++)
            {
                float gr = g[r * k + c];
                ReadOnlySpan<float> xr = x.Slice(r * d, d);
                for (int j = 0; j < d; j++) gradRow[j] += gr * xr[j];
            }
        }
    }

    /// <summary>
    /// ∇W rows c..c+4: each 16-float stretch of the four rows is held in eight registers while the tile's
    /// rows stream past (two loads of x and four broadcasts of g serve eight FMAs), then stored once.
    /// Rows are added in order, one after another, as the scalar loop does.
    /// </summary>
    static void AccumulateBlock(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t)
    {
        const int W = 8;                                          // Vector256<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float d2 = ref Unsafe.Add(ref d1, d);
        ref float d3 = ref Unsafe.Add(ref d2, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = 0;
        for (; j <= d - 2 * W; j += 2 * W)
        {
            nuint at = (nuint)j, next = (nuint)(j + W);
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, at), a1 = Vector256.LoadUnsafe(ref d1, at), a2 = Vector256.LoadUnsafe(ref d2, at), a3 = Vector256.LoadUnsafe(ref d3, at);
            Vector256<float> b0 = Vector256.LoadUnsafe(ref d0, next), b1 = Vector256.LoadUnsafe(ref d1, next), b2 = Vector256.LoadUnsafe(ref d2, next), b3 = Vector256.LoadUnsafe(ref d3, next);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector256.LoadUnsafe(ref xr);
                var v = Vector256.LoadUnsafe(ref xr, W);
                var g0 = Vector256.Create(gr);
                a0 = Vector256.FusedMultiplyAdd(g0, u, a0);
                b0 = Vector256.FusedMultiplyAdd(g0, v, b0);
                var g1 = Vector256.Create(Unsafe.Add(ref gr, 1));
                a1 = Vector256.FusedMultiplyAdd(g1, u, a1);
                b1 = Vector256.FusedMultiplyAdd(g1, v, b1);
                var g2 = Vector256.Create(Unsafe.Add(ref gr, 2));
                a2 = Vector256.FusedMultiplyAdd(g2, u, a2);
                b2 = Vector256.FusedMultiplyAdd(g2, v, b2);
                var g3 = Vector256.Create(Unsafe.Add(ref gr, 3));
                a3 = Vector256.FusedMultiplyAdd(g3, u, a3);
                b3 = Vector256.FusedMultiplyAdd(g3, v, b3);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at);
            b0.StoreUnsafe(ref d0, next); b1.StoreUnsafe(ref d1, next); b2.StoreUnsafe(ref d2, next); b3.StoreUnsafe(ref d3, next);
        }
        for (; j <= d - W; j += W)
        {
            nuint at = (nuint)j;
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, at), a1 = Vector256.LoadUnsafe(ref d1, at), a2 = Vector256.LoadUnsafe(ref d2, at), a3 = Vector256.LoadUnsafe(ref d3, at);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector256.LoadUnsafe(ref xr);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(gr), u, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 1)), u, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 2)), u, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 3)), u, a3);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at);
        }
        for (; j < d; j++)
            for (int r = 0; r < t; r++)
            {
                float xj = x[r * d + j];
                int gi = r * k + c;
                Unsafe.Add(ref d0, j) = MathF.FusedMultiplyAdd(g[gi], xj, Unsafe.Add(ref d0, j));
                Unsafe.Add(ref d1, j) = MathF.FusedMultiplyAdd(g[gi + 1], xj, Unsafe.Add(ref d1, j));
                Unsafe.Add(ref d2, j) = MathF.FusedMultiplyAdd(g[gi + 2], xj, Unsafe.Add(ref d2, j));
                Unsafe.Add(ref d3, j) = MathF.FusedMultiplyAdd(g[gi + 3], xj, Unsafe.Add(ref d3, j));
            }
    }

    /// <summary>
    /// ∇W rows c..c+5 (k a multiple of 5): each 16-float stretch of the five rows in ten registers while the tile's rows
    /// stream past (two loads of x and five broadcasts of g serve ten FMAs). Rows are added in order, as in the scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller: inlined there by profile-guided tier-1 code, the lecture's epoch took 80 ms instead of 31
    static void AccumulateFive(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t, bool overwrite, int from = 0)
    {
        const int W = 8;                                          // Vector256<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float d2 = ref Unsafe.Add(ref d1, d);
        ref float d3 = ref Unsafe.Add(ref d2, d);
        ref float d4 = ref Unsafe.Add(ref d3, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = from;                                             // columns from..d (the wide kernel hands over its remainder)
        for (; j <= d - 2 * W; j += 2 * W)
        {
            nuint at = (nuint)j, next = (nuint)(j + W);
            Vector256<float> a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
            if (overwrite) a0 = a1 = a2 = a3 = a4 = b0 = b1 = b2 = b3 = b4 = Vector256<float>.Zero;   // ∇W = 0 + Σᵣ …: the numbers of a cleared ∇W
            else
            {
                a0 = Vector256.LoadUnsafe(ref d0, at); a1 = Vector256.LoadUnsafe(ref d1, at); a2 = Vector256.LoadUnsafe(ref d2, at); a3 = Vector256.LoadUnsafe(ref d3, at); a4 = Vector256.LoadUnsafe(ref d4, at);
                b0 = Vector256.LoadUnsafe(ref d0, next); b1 = Vector256.LoadUnsafe(ref d1, next); b2 = Vector256.LoadUnsafe(ref d2, next); b3 = Vector256.LoadUnsafe(ref d3, next); b4 = Vector256.LoadUnsafe(ref d4, next);
            }
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector256.LoadUnsafe(ref xr);
                var v = Vector256.LoadUnsafe(ref xr, W);
                var q = Vector256.Create(gr);
                a0 = Vector256.FusedMultiplyAdd(q, u, a0);
                b0 = Vector256.FusedMultiplyAdd(q, v, b0);
                q = Vector256.Create(Unsafe.Add(ref gr, 1));
                a1 = Vector256.FusedMultiplyAdd(q, u, a1);
                b1 = Vector256.FusedMultiplyAdd(q, v, b1);
                q = Vector256.Create(Unsafe.Add(ref gr, 2));
                a2 = Vector256.FusedMultiplyAdd(q, u, a2);
                b2 = Vector256.FusedMultiplyAdd(q, v, b2);
                q = Vector256.Create(Unsafe.Add(ref gr, 3));
                a3 = Vector256.FusedMultiplyAdd(q, u, a3);
                b3 = Vector256.FusedMultiplyAdd(q, v, b3);
                q = Vector256.Create(Unsafe.Add(ref gr, 4));
                a4 = Vector256.FusedMultiplyAdd(q, u, a4);
                b4 = Vector256.FusedMultiplyAdd(q, v, b4);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at); a4.StoreUnsafe(ref d4, at);
            b0.StoreUnsafe(ref d0, next); b1.StoreUnsafe(ref d1, next); b2.StoreUnsafe(ref d2, next); b3.StoreUnsafe(ref d3, next); b4.StoreUnsafe(ref d4, next);
        }
        for (; j < d; j++)                                        // the tail (d not a multiple of 16), in the same order
        {
            if (overwrite) Unsafe.Add(ref d0, j) = Unsafe.Add(ref d1, j) = Unsafe.Add(ref d2, j) = Unsafe.Add(ref d3, j) = Unsafe.Add(ref d4, j) = 0f;
            for (int r = 0; r < t; r++)
            {
                float xj = x[r * d + j];
                int gi = r * k + c;
                Unsafe.Add(ref d0, j) = MathF.FusedMultiplyAdd(g[gi], xj, Unsafe.Add(ref d0, j));
                Unsafe.Add(ref d1, j) = MathF.FusedMultiplyAdd(g[gi + 1], xj, Unsafe.Add(ref d1, j));
                Unsafe.Add(ref d2, j) = MathF.FusedMultiplyAdd(g[gi + 2], xj, Unsafe.Add(ref d2, j));
                Unsafe.Add(ref d3, j) = MathF.FusedMultiplyAdd(g[gi + 3], xj, Unsafe.Add(ref d3, j));
                Unsafe.Add(ref d4, j) = MathF.FusedMultiplyAdd(g[gi + 4], xj, Unsafe.Add(ref d4, j));
            }
        }
    }

    /// <summary>
    /// ∇W[c..c+4, :] += Σᵣ G[r, c..c+4] · X[r, :] as <see cref="AccumulateFive"/>, 512 bits wide: 32-float stretches of the five
    /// rows in ten registers, the remaining columns by <see cref="AccumulateFive"/> itself. Every element gets the same FMAs in the same order, so the same numbers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void AccumulateFiveWide(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t, bool overwrite)
    {
        const int W = 16;                                         // Vector512<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float d2 = ref Unsafe.Add(ref d1, d);
        ref float d3 = ref Unsafe.Add(ref d2, d);
        ref float d4 = ref Unsafe.Add(ref d3, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = 0;
        for (; j <= d - 2 * W; j += 2 * W)
        {
            nuint at = (nuint)j, next = (nuint)(j + W);
            Vector512<float> a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
            if (overwrite) a0 = a1 = a2 = a3 = a4 = b0 = b1 = b2 = b3 = b4 = Vector512<float>.Zero;
            else
            {
                a0 = Vector512.LoadUnsafe(ref d0, at); a1 = Vector512.LoadUnsafe(ref d1, at); a2 = Vector512.LoadUnsafe(ref d2, at); a3 = Vector512.LoadUnsafe(ref d3, at); a4 = Vector512.LoadUnsafe(ref d4, at);
                b0 = Vector512.LoadUnsafe(ref d0, next); b1 = Vector512.LoadUnsafe(ref d1, next); b2 = Vector512.LoadUnsafe(ref d2, next); b3 = Vector512.LoadUnsafe(ref d3, next); b4 = Vector512.LoadUnsafe(ref d4, next);
            }
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                OuterRowFive(ref gr, Vector512.LoadUnsafe(ref xr), Vector512.LoadUnsafe(ref xr, W), ref a0, ref a1, ref a2, ref a3, ref a4, ref b0, ref b1, ref b2, ref b3, ref b4);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at); a4.StoreUnsafe(ref d4, at);
            b0.StoreUnsafe(ref d0, next); b1.StoreUnsafe(ref d1, next); b2.StoreUnsafe(ref d2, next); b3.StoreUnsafe(ref d3, next); b4.StoreUnsafe(ref d4, next);
        }
        if (j < d) AccumulateFive(g, x, gradW, c, k, d, t, overwrite, from: j);   // the remaining columns in 256 bits, the same numbers
    }

    /// <summary>
    /// One row's FMAs on 32 columns of five rows of ∇W: a_c += g_c·u and b_c += g_c·v for the five classes c whose ∂L/∂z start at
    /// <paramref name="g"/> (u, v: the row's x on the two 16-column halves). Inlined, the sums stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void OuterRowFive(ref float g, Vector512<float> u, Vector512<float> v,
        ref Vector512<float> a0, ref Vector512<float> a1, ref Vector512<float> a2, ref Vector512<float> a3, ref Vector512<float> a4,
        ref Vector512<float> b0, ref Vector512<float> b1, ref Vector512<float> b2, ref Vector512<float> b3, ref Vector512<float> b4)
    {
        var q = Vector512.Create(g);
        a0 = Vector512.FusedMultiplyAdd(q, u, a0); b0 = Vector512.FusedMultiplyAdd(q, v, b0);
        q = Vector512.Create(Unsafe.Add(ref g, 1));
        a1 = Vector512.FusedMultiplyAdd(q, u, a1); b1 = Vector512.FusedMultiplyAdd(q, v, b1);
        q = Vector512.Create(Unsafe.Add(ref g, 2));
        a2 = Vector512.FusedMultiplyAdd(q, u, a2); b2 = Vector512.FusedMultiplyAdd(q, v, b2);
        q = Vector512.Create(Unsafe.Add(ref g, 3));
        a3 = Vector512.FusedMultiplyAdd(q, u, a3); b3 = Vector512.FusedMultiplyAdd(q, v, b3);
        q = Vector512.Create(Unsafe.Add(ref g, 4));
        a4 = Vector512.FusedMultiplyAdd(q, u, a4); b4 = Vector512.FusedMultiplyAdd(q, v, b4);
    }

    /// <summary>
    /// ∇W[c..c+9, :] += Σᵣ G[r, c..c+9] · X[r, :] as <see cref="AccumulateFiveWide"/>, ten classes at once: 32-float stretches of
    /// the ten rows in twenty registers, so each row's two loads of x serve twenty FMAs (five classes: ten) and the tile is read
    /// once instead of twice. The remaining columns by <see cref="AccumulateFive"/>. Every element gets the same FMAs in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void AccumulateTenWide(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t, bool overwrite)
    {
        const int W = 16;                                         // Vector512<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        nuint row = (nuint)d;
        int j = 0;
        for (; j <= d - 2 * W; j += 2 * W)
        {
            ref float o = ref Unsafe.Add(ref d0, j);
            Vector512<float> a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9;
            if (overwrite) a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = b8 = b9 = Vector512<float>.Zero;
            else
            {
                a0 = Vector512.LoadUnsafe(ref o); a1 = Vector512.LoadUnsafe(ref o, row); a2 = Vector512.LoadUnsafe(ref o, 2 * row); a3 = Vector512.LoadUnsafe(ref o, 3 * row); a4 = Vector512.LoadUnsafe(ref o, 4 * row);
                a5 = Vector512.LoadUnsafe(ref o, 5 * row); a6 = Vector512.LoadUnsafe(ref o, 6 * row); a7 = Vector512.LoadUnsafe(ref o, 7 * row); a8 = Vector512.LoadUnsafe(ref o, 8 * row); a9 = Vector512.LoadUnsafe(ref o, 9 * row);
                b0 = Vector512.LoadUnsafe(ref o, W); b1 = Vector512.LoadUnsafe(ref o, row + W); b2 = Vector512.LoadUnsafe(ref o, 2 * row + W); b3 = Vector512.LoadUnsafe(ref o, 3 * row + W); b4 = Vector512.LoadUnsafe(ref o, 4 * row + W);
                b5 = Vector512.LoadUnsafe(ref o, 5 * row + W); b6 = Vector512.LoadUnsafe(ref o, 6 * row + W); b7 = Vector512.LoadUnsafe(ref o, 7 * row + W); b8 = Vector512.LoadUnsafe(ref o, 8 * row + W); b9 = Vector512.LoadUnsafe(ref o, 9 * row + W);
            }
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector512.LoadUnsafe(ref xr);
                var v = Vector512.LoadUnsafe(ref xr, W);
                OuterRowFive(ref gr, u, v, ref a0, ref a1, ref a2, ref a3, ref a4, ref b0, ref b1, ref b2, ref b3, ref b4);
                OuterRowFive(ref Unsafe.Add(ref gr, 5), u, v, ref a5, ref a6, ref a7, ref a8, ref a9, ref b5, ref b6, ref b7, ref b8, ref b9);
            }
            a0.StoreUnsafe(ref o); a1.StoreUnsafe(ref o, row); a2.StoreUnsafe(ref o, 2 * row); a3.StoreUnsafe(ref o, 3 * row); a4.StoreUnsafe(ref o, 4 * row);
            a5.StoreUnsafe(ref o, 5 * row); a6.StoreUnsafe(ref o, 6 * row); a7.StoreUnsafe(ref o, 7 * row); a8.StoreUnsafe(ref o, 8 * row); a9.StoreUnsafe(ref o, 9 * row);
            b0.StoreUnsafe(ref o, W); b1.StoreUnsafe(ref o, row + W); b2.StoreUnsafe(ref o, 2 * row + W); b3.StoreUnsafe(ref o, 3 * row + W); b4.StoreUnsafe(ref o, 4 * row + W);
            b5.StoreUnsafe(ref o, 5 * row + W); b6.StoreUnsafe(ref o, 6 * row + W); b7.StoreUnsafe(ref o, 7 * row + W); b8.StoreUnsafe(ref o, 8 * row + W); b9.StoreUnsafe(ref o, 9 * row + W);
        }
        if (j < d)                                                // the remaining columns in 256 bits, the same numbers
        {
            AccumulateFive(g, x, gradW, c, k, d, t, overwrite, from: j);
            AccumulateFive(g, x, gradW, c + Five, k, d, t, overwrite, from: j);
        }
    }

    /// <summary>∇W rows c, c+1 (the remainder when k is not a multiple of 4): 32-float stretches in eight registers.</summary>
    static void AccumulatePair(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t)
    {
        const int W = 8;
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = 0;
        for (; j <= d - 4 * W; j += 4 * W)
        {
            nuint p = (nuint)j, q = p + W, s = q + W, u3 = s + W;
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, p), a1 = Vector256.LoadUnsafe(ref d0, q), a2 = Vector256.LoadUnsafe(ref d0, s), a3 = Vector256.LoadUnsafe(ref d0, u3);
            Vector256<float> b0 = Vector256.LoadUnsafe(ref d1, p), b1 = Vector256.LoadUnsafe(ref d1, q), b2 = Vector256.LoadUnsafe(ref d1, s), b3 = Vector256.LoadUnsafe(ref d1, u3);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var ga = Vector256.Create(gr);
                var gb = Vector256.Create(Unsafe.Add(ref gr, 1));
                var x0 = Vector256.LoadUnsafe(ref xr);
                a0 = Vector256.FusedMultiplyAdd(ga, x0, a0); b0 = Vector256.FusedMultiplyAdd(gb, x0, b0);
                var x1 = Vector256.LoadUnsafe(ref xr, W);
                a1 = Vector256.FusedMultiplyAdd(ga, x1, a1); b1 = Vector256.FusedMultiplyAdd(gb, x1, b1);
                var x2 = Vector256.LoadUnsafe(ref xr, 2 * W);
                a2 = Vector256.FusedMultiplyAdd(ga, x2, a2); b2 = Vector256.FusedMultiplyAdd(gb, x2, b2);
                var x3 = Vector256.LoadUnsafe(ref xr, 3 * W);
                a3 = Vector256.FusedMultiplyAdd(ga, x3, a3); b3 = Vector256.FusedMultiplyAdd(gb, x3, b3);
            }
            a0.StoreUnsafe(ref d0, p); a1.StoreUnsafe(ref d0, q); a2.StoreUnsafe(ref d0, s); a3.StoreUnsafe(ref d0, u3);
            b0.StoreUnsafe(ref d1, p); b1.StoreUnsafe(ref d1, q); b2.StoreUnsafe(ref d1, s); b3.StoreUnsafe(ref d1, u3);
        }
        for (; j <= d - W; j += W)
        {
            nuint p = (nuint)j;
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, p), b0 = Vector256.LoadUnsafe(ref d1, p);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var x0 = Vector256.LoadUnsafe(ref xr);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(gr), x0, a0);
                b0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 1)), x0, b0);
            }
            a0.StoreUnsafe(ref d0, p); b0.StoreUnsafe(ref d1, p);
        }
        for (; j < d; j++)
            for (int r = 0; r < t; r++)
            {
                float xj = x[r * d + j];
                Unsafe.Add(ref d0, j) = MathF.FusedMultiplyAdd(g[r * k + c], xj, Unsafe.Add(ref d0, j));
                Unsafe.Add(ref d1, j) = MathF.FusedMultiplyAdd(g[r * k + c + 1], xj, Unsafe.Add(ref d1, j));
            }
    }

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
