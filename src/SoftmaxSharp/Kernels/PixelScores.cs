using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// z = Wx for four rows of pixels (bytes) and ten classes, scaling the pixels on the way: x = p/255 (as
/// <see cref="Conversions.PixelsToUnit(ReadOnlySpan{byte}, Span{float})"/>) is computed once per pixel, written to the tile for ∇W
/// and used for the scores while it is in L1 (ten classes) or still in a register (five). Gathering a tile first and scoring it
/// after wrote 200 KB of floats out to
/// L2 and read them back: on the Xeon host a 64-row tile's conversion alone took 5.0 µs (2.6 into L1), its scores 8.5 µs; a
/// one-thread epoch of Fashion-MNIST's gradients, old and new in turn in one process, 25.7–26.2 → 23.0–24.3 ms (batches of 128
/// rows and the full batch). W comes packed (<see cref="Pack"/>): the 8-float chunks of classes 2i and 2i + 1 side by side, one
/// 512-bit load where the unpacked kernel needs two loads and an insert. Every sum gets the FMAs of
/// <see cref="LinearKernels.ScoresTile(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/> in the same order, so the
/// same scores bit for bit.
/// </summary>
internal static class PixelScores
{
    /// <summary>The classes it takes: ten (digits, Fashion-MNIST), as five pairs.</summary>
    public const int Classes = 10;

    /// <summary>And five (<see cref="FourRowsFive"/>): the half of ten that each thread scores when a small batch is split by classes.</summary>
    public const int HalfClasses = 5;

    /// <summary>Whether it scores <paramref name="k"/> classes: ten or five. Whoever scores through it and whoever makes a buffer for W
    /// packed asks this, so the two agree (five-class batches by rows and ten-class halves by classes once met no buffer).</summary>
    public static bool Takes(int k) => k is Classes or HalfClasses;

    /// <summary>True when this CPU runs it (AVX-512 F and BW: the byte shuffle of <see cref="Conversions.UnitByBits"/>).</summary>
    public static readonly bool Supported = Avx512BW.IsSupported;

    /// <summary>
    /// packed ← W [k, d], k = 10 or 5: for each 8-column chunk j, classes (0, 1), (2, 3), … each as one 16-float vector, and with
    /// five classes class 4 alone as 8 floats ([d/8][5][16] or [d/8][40]).
    /// </summary>
    public static void Pack(ReadOnlySpan<float> weights, int d, Span<float> packed)
    {
        int k = weights.Length / d;
        if (!Takes(k) || weights.Length != k * d || packed.Length < k * (d / 8 * 8))
            throw new ArgumentException("W is not [10, d] or [5, d], or packed is too short");
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float p = ref MemoryMarshal.GetReference(packed);
        nuint o = 0;
        for (int j = 0; j + 8 <= d; j += 8)
            for (int c = 0; c < k; c++, o += 8)                             // chunk j of classes 0, 1, … k − 1, one after another
                Vector256.LoadUnsafe(ref w, (nuint)(c * d + j)).StoreUnsafe(ref p, o);   // (a span copy per eight floats took 3 % of a batch-256 epoch)
    }

    /// <summary>
    /// x [4, d] ← rows <paramref name="p0"/>…<paramref name="p3"/> / 255 and z [4, 10] = x Wᵀ, with W both packed (the vector
    /// chunks) and as it is (the last d mod 8 columns). The pixels are scaled sixteen at a time into the tile two steps ahead of the
    /// scores, which read each chunk back into both halves of a register (<see cref="Chunk"/>): converted just before, the read
    /// waited on the store; converted eight at a time into both halves (<see cref="Conversions.UnitByBitsTwice"/>), twice the conversions
    /// (a 64-row tile 7.35–7.41 µs against 5.67–5.83). The conversion takes integer steps, off the multiply pipes the scores need
    /// (<see cref="Conversions.UnitByBits"/>). While it runs it asks for the four rows
    /// <paramref name="ahead"/> into L2, a line of each every 64 columns: spread over the loop, the requests do not fill the CPU's
    /// miss buffers at once, as 52 in a row did before each group (with the eight-pixel conversion then, one thread over 29,952
    /// shuffled rows on the Zen 5 host, old and new in turn: 9.6–10.4 → 8.5–9.1 ms). The sixteen-pixel conversion ahead took a
    /// 64-row tile from 7.76–7.86 to 7.31–7.50 µs (BenchmarkDotNet).
    /// </summary>
    /// <param name="ahead">four rows to bring into L2 (of d bytes each), or empty</param>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller
    public static unsafe void FourRows(ReadOnlySpan<float> packed, ReadOnlySpan<float> weights, ReadOnlySpan<byte> p0, ReadOnlySpan<byte> p1,
        ReadOnlySpan<byte> p2, ReadOnlySpan<byte> p3, Span<float> x, Span<float> z, FourRowsAhead ahead = default)
    {
        int d = Check(Classes, packed, weights, p0, p1, p2, p3, x, z);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default;
        Vector512<float> f0 = default, f1 = default, f2 = default, f3 = default, f4 = default;
        int j = 0;
        fixed (byte* ra = p0, rb = p1, re = p2, rf = p3)
        fixed (byte* qa = ahead.Row0(p0, d), qb = ahead.Row1(p1, d), qe = ahead.Row2(p2, d), qf = ahead.Row3(p3, d))
        fixed (float* xa = x, pw = packed)
        {
            float* xb = xa + d, xe = xb + d, xf = xe + d;
            int d16 = d / 16 * 16;                                          // columns converted sixteen at a time, two steps ahead
            for (int i = 0; i < Math.Min(32, d16); i += 16) ToTile(ra, rb, re, rf, xa, xb, xe, xf, i);
            for (; j <= d - 8; j += 8)
            {
                if ((j & 63) == 0) AskAhead(qa, qb, qe, qf, j);           // a line of each row ahead, every 64 columns
                Chunk(ra, rb, re, rf, xa, xb, xe, xf, j, d16, out var u, out var v, out var s, out var t);   // x[j..j+8] of each row in both halves
                float* wj = pw + j / 8 * (8 * Classes);                    // classes (0, 1), (2, 3), … (8, 9) of chunk j
                PairFmas(Vector512.Load(wj), u, v, s, t, ref a0, ref b0, ref e0, ref f0);
                PairFmas(Vector512.Load(wj + 16), u, v, s, t, ref a1, ref b1, ref e1, ref f1);
                PairFmas(Vector512.Load(wj + 32), u, v, s, t, ref a2, ref b2, ref e2, ref f2);
                PairFmas(Vector512.Load(wj + 48), u, v, s, t, ref a3, ref b3, ref e3, ref f3);
                PairFmas(Vector512.Load(wj + 64), u, v, s, t, ref a4, ref b4, ref e4, ref f4);
            }
            ConvertTail(ra, rb, re, rf, xa, xb, xe, xf, j, d);
        }
        LinearKernels.SumHalvesOfFourRows(a0, a1, a2, a3, a4, b0, b1, b2, b3, b4, e0, e1, e2, e3, e4, f0, f1, f2, f3, f4, z);   // z_0..z_9 of each row
        if (j < d) LinearKernels.AddTail(weights, x[..(4 * d)], z[..(4 * Classes)], 4, 0, Classes, j);   // the tail, after the vector sums, as ScoresTile
    }

    /// <summary>
    /// <see cref="FourRows"/> for five classes, z [4, 5]: classes (0, 1) and (2, 3) two to a 512-bit register, class 4 in a
    /// 256-bit one (twelve FMAs a chunk for 160 products, where the two-row kernel takes ten 256-bit ones for 80). Rows are asked for
    /// <paramref name="ahead"/> as there. Each row's pixels are scaled sixteen at a time, and each eight of them put in both halves
    /// of a register by a 128-bit lane shuffle (one shuffle, where converting eight pixels into both halves repeats the conversion;
    /// with the conversion then, a multiply and an FMA: a 64-row tile 5.63–5.71 → 5.04–5.38 µs, BenchmarkDotNet, batch-32 epochs
    /// lower in 13 of 16 pairs). Reading the eight back from the tile instead, as the ten-class kernel does, took 5.7–6.1 µs.
    /// The last d mod 16 columns go eight (<see cref="Conversions.UnitByBitsTwice"/>), then one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller
    public static unsafe void FourRowsFive(ReadOnlySpan<float> packed, ReadOnlySpan<float> weights, ReadOnlySpan<byte> p0, ReadOnlySpan<byte> p1,
        ReadOnlySpan<byte> p2, ReadOnlySpan<byte> p3, Span<float> x, Span<float> z, FourRowsAhead ahead = default)
    {
        const int K = HalfClasses;
        int d = Check(K, packed, weights, p0, p1, p2, p3, x, z);
        Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default, e0 = default, e1 = default, f0 = default, f1 = default;
        Vector256<float> a2 = default, b2 = default, e2 = default, f2 = default;
        int j = 0;
        fixed (byte* ra = p0, rb = p1, re = p2, rf = p3)
        fixed (byte* qa = ahead.Row0(p0, d), qb = ahead.Row1(p1, d), qe = ahead.Row2(p2, d), qf = ahead.Row3(p3, d))
        fixed (float* xa = x, pw = packed)
        {
            float* xb = xa + d, xe = xb + d, xf = xe + d;
            for (; j <= d - 16; j += 16)
            {
                if ((j & 63) == 0) AskAhead(qa, qb, qe, qf, j);           // a line of each row ahead, every 64 columns
                var u16 = Conversions.UnitByBits(ra + j); u16.Store(xa + j);   // x[j..j+16] of each row, into the tile for ∇W
                var v16 = Conversions.UnitByBits(rb + j); v16.Store(xb + j);
                var s16 = Conversions.UnitByBits(re + j); s16.Store(xe + j);
                var t16 = Conversions.UnitByBits(rf + j); t16.Store(xf + j);
                // x[j..j+8] of each row in both halves of a register against chunk j, then x[j+8..j+16] against chunk j + 8
                FiveFmas(pw + j / 8 * (8 * K), Avx512F.Shuffle4x128(u16, u16, 0b01_00_01_00), Avx512F.Shuffle4x128(v16, v16, 0b01_00_01_00),
                    Avx512F.Shuffle4x128(s16, s16, 0b01_00_01_00), Avx512F.Shuffle4x128(t16, t16, 0b01_00_01_00),
                    ref a0, ref a1, ref a2, ref b0, ref b1, ref b2, ref e0, ref e1, ref e2, ref f0, ref f1, ref f2);
                FiveFmas(pw + (j + 8) / 8 * (8 * K), Avx512F.Shuffle4x128(u16, u16, 0b11_10_11_10), Avx512F.Shuffle4x128(v16, v16, 0b11_10_11_10),
                    Avx512F.Shuffle4x128(s16, s16, 0b11_10_11_10), Avx512F.Shuffle4x128(t16, t16, 0b11_10_11_10),
                    ref a0, ref a1, ref a2, ref b0, ref b1, ref b2, ref e0, ref e1, ref e2, ref f0, ref f1, ref f2);
            }
            for (; j <= d - 8; j += 8)
            {
                if ((j & 63) == 0) AskAhead(qa, qb, qe, qf, j);
                EightTwice(ra, rb, re, rf, xa, xb, xe, xf, j, out var u, out var v, out var s, out var t);   // the last eight columns before the tail, if any
                FiveFmas(pw + j / 8 * (8 * K), u, v, s, t, ref a0, ref a1, ref a2, ref b0, ref b1, ref b2, ref e0, ref e1, ref e2, ref f0, ref f1, ref f2);
            }
            ConvertTail(ra, rb, re, rf, xa, xb, xe, xf, j, d);
        }
        SumsOfFive(a0, a1, a2, b0, b1, b2, e0, e1, e2, f0, f1, f2, z);     // z_0..z_4 of each row
        if (j < d) LinearKernels.AddTail(weights, x[..(4 * d)], z[..(4 * K)], 4, 0, K, j);   // the tail, after the vector sums, as ScoresTile
    }

    /// <summary>The four rows' sums of one pair of classes: <paramref name="w"/> (a chunk of classes 2i and 2i + 1) times x[j..j+8] of
    /// rows a, b, e, f (<paramref name="u"/> … <paramref name="t"/>, in both halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void PairFmas(Vector512<float> w, Vector512<float> u, Vector512<float> v, Vector512<float> s, Vector512<float> t,
        ref Vector512<float> a, ref Vector512<float> b, ref Vector512<float> e, ref Vector512<float> f)
    {
        a = Vector512.FusedMultiplyAdd(w, u, a); b = Vector512.FusedMultiplyAdd(w, v, b);
        e = Vector512.FusedMultiplyAdd(w, s, e); f = Vector512.FusedMultiplyAdd(w, t, f);
    }

    /// <summary>One eight-column chunk of <see cref="FourRowsFive"/>: x[j..j+8] of rows a, b, e, f (<paramref name="u"/> … <paramref name="t"/>,
    /// in both halves) against the chunk's packed W at <paramref name="wj"/>, classes (0, 1), (2, 3) and 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void FiveFmas(float* wj, Vector512<float> u, Vector512<float> v, Vector512<float> s, Vector512<float> t,
        ref Vector512<float> a0, ref Vector512<float> a1, ref Vector256<float> a2, ref Vector512<float> b0, ref Vector512<float> b1, ref Vector256<float> b2,
        ref Vector512<float> e0, ref Vector512<float> e1, ref Vector256<float> e2, ref Vector512<float> f0, ref Vector512<float> f1, ref Vector256<float> f2)
    {
        PairFmas(Vector512.Load(wj), u, v, s, t, ref a0, ref b0, ref e0, ref f0);
        PairFmas(Vector512.Load(wj + 16), u, v, s, t, ref a1, ref b1, ref e1, ref f1);
        var w4 = Vector256.Load(wj + 32);                               // class 4
        a2 = Vector256.FusedMultiplyAdd(w4, u.GetLower(), a2); b2 = Vector256.FusedMultiplyAdd(w4, v.GetLower(), b2);
        e2 = Vector256.FusedMultiplyAdd(w4, s.GetLower(), e2); f2 = Vector256.FusedMultiplyAdd(w4, t.GetLower(), f2);
    }

    /// <summary>d, once the arguments of a four-row kernel of <paramref name="k"/> classes fit: four rows of d pixels, x [4, d],
    /// z [4, k], W [k, d] and its packed chunks.</summary>
    static int Check(int k, ReadOnlySpan<float> packed, ReadOnlySpan<float> weights, ReadOnlySpan<byte> p0, ReadOnlySpan<byte> p1,
        ReadOnlySpan<byte> p2, ReadOnlySpan<byte> p3, Span<float> x, Span<float> z)
    {
        int d = p0.Length;
        if (!Supported || p1.Length != d || p2.Length != d || p3.Length != d || x.Length < 4 * d || z.Length < 4 * k
            || weights.Length != k * d || packed.Length < k * (d / 8 * 8))
            throw new ArgumentException($"four rows of d pixels, x [4, d], z [4, {k}], W [{k}, d] and its packed chunks");
        return d;
    }

    /// <summary>z [4, 5] of four rows from their registers (classes (0, 1) and (2, 3) in the halves of a 512-bit one, class 4 in a
    /// 256-bit one), as twenty <see cref="Vector256.Sum{T}(Vector256{T})"/> calls give them (<see cref="LinearKernels.EightSums(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void SumsOfFive(Vector512<float> a01, Vector512<float> a23, Vector256<float> a4, Vector512<float> b01, Vector512<float> b23, Vector256<float> b4,
        Vector512<float> e01, Vector512<float> e23, Vector256<float> e4, Vector512<float> f01, Vector512<float> f23, Vector256<float> f4, Span<float> z)
    {
        if (z.Length < 4 * HalfClasses) throw new ArgumentException("z holds four rows of five scores", nameof(z));
        ref float z0 = ref MemoryMarshal.GetReference(z);
        LinearKernels.EightSums(a01.GetLower(), a01.GetUpper(), a23.GetLower(), a23.GetUpper(), a4, b01.GetLower(), b01.GetUpper(), b23.GetLower())
            .StoreUnsafe(ref z0);                                                          // row a: 0..4; row b: 0..2
        LinearKernels.EightSums(b23.GetUpper(), b4, e01.GetLower(), e01.GetUpper(), e23.GetLower(), e23.GetUpper(), e4, f01.GetLower())
            .StoreUnsafe(ref z0, 8);                                                       // row b: 3, 4; row e: 0..4; row f: 0
        LinearKernels.FourSums(f01.GetUpper(), f23.GetLower(), f23.GetUpper(), f4).StoreUnsafe(ref z0, 16);   // row f: 1..4
    }

    /// <summary>x = p/255 for the columns from <paramref name="j"/> on, one by one (the last d mod 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]      // (a call after the loop would have the JIT keep the sums on the stack inside it)
    static unsafe void ConvertTail(byte* ra, byte* rb, byte* re, byte* rf, float* xa, float* xb, float* xe, float* xf, int j, int d)
    {
        for (int i = j; i < d; i++) (xa[i], xb[i], xe[i], xf[i]) = (ra[i] / 255f, rb[i] / 255f, re[i] / 255f, rf[i] / 255f);
    }

    /// <summary>
    /// x[j..j+8] of the four rows, each in both halves of a register (against classes 2i and 2i + 1), and in the tile for ∇W. Below
    /// column <paramref name="d16"/> the rows are converted sixteen columns at a time, two steps ahead (<see cref="ToTile"/>: at j
    /// a multiple of 16, the columns j + 32 .. j + 48), and the eight columns are read back from the tile into both halves; past it,
    /// converted here (<see cref="Conversions.UnitByBitsTwice"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Chunk(byte* ra, byte* rb, byte* re, byte* rf, float* xa, float* xb, float* xe, float* xf, int j, int d16,
        out Vector512<float> u, out Vector512<float> v, out Vector512<float> s, out Vector512<float> t)
    {
        if (j < d16)
        {
            if ((j & 15) == 0 && j + 48 <= d16) ToTile(ra, rb, re, rf, xa, xb, xe, xf, j + 32);
            u = Twice(xa + j); v = Twice(xb + j); s = Twice(xe + j); t = Twice(xf + j);
        }
        else EightTwice(ra, rb, re, rf, xa, xb, xe, xf, j, out u, out v, out s, out t);
    }

    /// <summary>x[j..j+8] of the four rows = their pixels / 255, each in both halves of a register (<see cref="Conversions.UnitByBitsTwice"/>)
    /// and in the tile for ∇W.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void EightTwice(byte* ra, byte* rb, byte* re, byte* rf, float* xa, float* xb, float* xe, float* xf, int j,
        out Vector512<float> u, out Vector512<float> v, out Vector512<float> s, out Vector512<float> t)
    {
        u = Conversions.UnitByBitsTwice(ra + j); u.GetLower().Store(xa + j);
        v = Conversions.UnitByBitsTwice(rb + j); v.GetLower().Store(xb + j);
        s = Conversions.UnitByBitsTwice(re + j); s.GetLower().Store(xe + j);
        t = Conversions.UnitByBitsTwice(rf + j); t.GetLower().Store(xf + j);
    }

    /// <summary>The tile's x[j..j+16] of the four rows = their pixels / 255 (<see cref="Conversions.UnitByBits"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void ToTile(byte* ra, byte* rb, byte* re, byte* rf, float* xa, float* xb, float* xe, float* xf, int j)
    {
        Conversions.UnitByBits(ra + j).Store(xa + j);
        Conversions.UnitByBits(rb + j).Store(xb + j);
        Conversions.UnitByBits(re + j).Store(xe + j);
        Conversions.UnitByBits(rf + j).Store(xf + j);
    }

    /// <summary>The eight floats at <paramref name="x"/> in both halves of a register (one 256-bit broadcast load).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector512<float> Twice(float* x) => Avx512F.BroadcastVector256ToVector512((double*)x).AsSingle();

    /// <summary>Asks for the line at column <paramref name="j"/> of each of the four rows ahead, into L2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void AskAhead(byte* qa, byte* qb, byte* qe, byte* qf, int j)
    {
        Sse.Prefetch1(qa + j); Sse.Prefetch1(qb + j); Sse.Prefetch1(qe + j); Sse.Prefetch1(qf + j);
    }

    /// <summary>Four rows of pixels that a kernel asks for while it runs (<see cref="FourRows"/>); default: none (it then asks for
    /// the rows it reads, which are there already).</summary>
    public readonly ref struct FourRowsAhead(ReadOnlySpan<byte> p0, ReadOnlySpan<byte> p1, ReadOnlySpan<byte> p2, ReadOnlySpan<byte> p3)
    {
        readonly ReadOnlySpan<byte> _p0 = p0, _p1 = p1, _p2 = p2, _p3 = p3;

        internal ReadOnlySpan<byte> Row0(ReadOnlySpan<byte> reading, int d) => Row(_p0, reading, d);
        internal ReadOnlySpan<byte> Row1(ReadOnlySpan<byte> reading, int d) => Row(_p1, reading, d);
        internal ReadOnlySpan<byte> Row2(ReadOnlySpan<byte> reading, int d) => Row(_p2, reading, d);
        internal ReadOnlySpan<byte> Row3(ReadOnlySpan<byte> reading, int d) => Row(_p3, reading, d);

        static ReadOnlySpan<byte> Row(ReadOnlySpan<byte> ahead, ReadOnlySpan<byte> reading, int d) =>
            ahead.Length >= d ? ahead : reading;   // a row of d pixels; the kernel asks for lines up to column d − 8
    }
}
