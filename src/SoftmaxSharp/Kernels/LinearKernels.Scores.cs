using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>The forward product z = Wx: one row, or a tile of rows two (or four, 512 bits wide) at a time.</summary>
internal static partial class LinearKernels
{
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
        if (k == 2 * Five) SumHalvesOfFourRows(a0, a1, a2, a3, a4, b0, b1, b2, b3, b4, e0, e1, e2, e3, e4, f0, f1, f2, f3, f4, z);   // the four rows' z, contiguous
        else
        {
            SumHalves(a0, a1, a2, a3, a4, z.Slice(c, 2 * Five));             // z_c..z_c+9 of each row
            SumHalves(b0, b1, b2, b3, b4, z.Slice(k + c, 2 * Five));
            SumHalves(e0, e1, e2, e3, e4, z.Slice(2 * k + c, 2 * Five));
            SumHalves(f0, f1, f2, f3, f4, z.Slice(3 * k + c, 2 * Five));
        }
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

    /// <summary>
    /// z [4, 10] of four rows from their pair registers (a, b, e, f: classes 2i and 2i + 1 in the lower and upper halves of
    /// register i), eight sums at a time (<see cref="EightSums(Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float})"/>),
    /// in five stores: the numbers of forty <see cref="Vector256.Sum{T}(Vector256{T})"/> calls with a fraction of their instructions
    /// (a 64-row tile's scores from floats, in one process in turn: 5.32–5.40 → 4.91–4.95 µs; the FMAs alone take 4.5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SumHalvesOfFourRows(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4,
        Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3, Vector512<float> b4,
        Vector512<float> e0, Vector512<float> e1, Vector512<float> e2, Vector512<float> e3, Vector512<float> e4,
        Vector512<float> f0, Vector512<float> f1, Vector512<float> f2, Vector512<float> f3, Vector512<float> f4, Span<float> z)
    {
        if (z.Length < 40) throw new ArgumentException("z holds four rows of ten scores", nameof(z));
        ref float z0 = ref MemoryMarshal.GetReference(z);
        EightSums(a0, a1, a2, a3).StoreUnsafe(ref z0);              // row a: classes 0..7
        EightSums(a4, b0, b1, b2).StoreUnsafe(ref z0, 8);           // row a: 8, 9; row b: 0..5
        EightSums(b3, b4, e0, e1).StoreUnsafe(ref z0, 16);
        EightSums(e2, e3, e4, f0).StoreUnsafe(ref z0, 24);
        EightSums(f1, f2, f3, f4).StoreUnsafe(ref z0, 32);
    }

    /// <summary><see cref="EightSums(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>
    /// of the halves of four registers, in order: r0's lower, r0's upper, r1's lower, ….</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> EightSums(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3) =>
        EightSums(r0.GetLower(), r0.GetUpper(), r1.GetLower(), r1.GetUpper(), r2.GetLower(), r2.GetUpper(), r3.GetLower(), r3.GetUpper());

    /// <summary>
    /// [Σv₀, Σv₁, …, Σv₇]: the sum across each of eight vectors in <see cref="Vector256.Sum{T}(Vector256{T})"/>'s order,
    /// ((x₀ + x₁) + (x₂ + x₃)) + ((x₄ + x₅) + (x₆ + x₇)), bit for bit — two rounds of pairwise adds across all eight at once
    /// (haddps), then each one's lower four plus its upper four — in 9 instructions where eight Sum calls take about 50.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> EightSums(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3,
        Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7)
    {
        var q0 = Avx.HorizontalAdd(Avx.HorizontalAdd(v0, v1), Avx.HorizontalAdd(v2, v3));   // lane 0: (x₀+x₁)+(x₂+x₃) of v0..v3; lane 1: (x₄+x₅)+(x₆+x₇)
        var q1 = Avx.HorizontalAdd(Avx.HorizontalAdd(v4, v5), Avx.HorizontalAdd(v6, v7));   // the same for v4..v7
        return Avx.Permute2x128(q0, q1, 0x20) + Avx.Permute2x128(q0, q1, 0x31);               // lower four + upper four of each
    }

    /// <summary>[Σv₀, Σv₁, Σv₂, Σv₃], as <see cref="EightSums(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> FourSums(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        var q = Avx.HorizontalAdd(Avx.HorizontalAdd(v0, v1), Avx.HorizontalAdd(v2, v3));
        return q.GetLower() + q.GetUpper();
    }

    /// <summary>s[2i], s[2i + 1] = the sums across the lower and upper halves of register i, one row's ten scores where the rows
    /// are not side by side (k > 10); the first eight by <see cref="EightSums(Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SumHalves(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3, Vector512<float> r4, Span<float> s)
    {
        if (s.Length < 2 * Five) throw new ArgumentException("s holds ten scores", nameof(s));
        EightSums(r0, r1, r2, r3).StoreUnsafe(ref MemoryMarshal.GetReference(s));
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
}
