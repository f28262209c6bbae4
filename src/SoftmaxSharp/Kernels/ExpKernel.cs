using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// e^x for a span of floats, four at a time, with the algorithm of glibc's expf (from Arm's optimized-routines:
/// e^x = 2^(k/32) · 2^(r/32), k = round(32x/ln 2), a table of 2^(i/32) and a cubic in r, all in double) and the
/// same fused multiply-adds as its FMA build — so every result is bit for bit what <see cref="MathF.Exp"/> returns on
/// Linux x64 (checked against it on every float in (−88, 0] and on random inputs by a test), at a fraction of the
/// cost of a library call per number (softmax takes ten per row). Inputs below −104 give +0 in the vector loops; the rest
/// outside (−88, 88) and NaN go to <see cref="MathF.Exp"/> one by one, as glibc itself takes another path for them.
/// </summary>
internal static class ExpKernel
{
    /// <summary>True when the vector path runs (AVX2 and FMA); otherwise every number goes to <see cref="MathF.Exp"/>.</summary>
    public static readonly bool Vectorized = Avx2.IsSupported && Fma.IsSupported;

    // glibc's constants, as bits (C# has no hexadecimal floating-point literals).
    static readonly double InverseLn2N = BitConverter.UInt64BitsToDouble(0x40471547652b82feUL);   // 0x1.71547652b82fep+5 = 32 / ln 2
    static readonly double Shift = BitConverter.UInt64BitsToDouble(0x4338000000000000UL);         // 0x1.8p52: adding it rounds to an integer (the low bits then hold k)
    static readonly double C0 = BitConverter.UInt64BitsToDouble(0x3ebc6af84b912394UL);            // 0x1.c6af84b912394p-20
    static readonly double C1 = BitConverter.UInt64BitsToDouble(0x3f2ebfce50fac4f3UL);            // 0x1.ebfce50fac4f3p-13
    static readonly double C2 = BitConverter.UInt64BitsToDouble(0x3f962e42ff0c52d6UL);            // 0x1.62e42ff0c52d6p-6: 2^(r/32) ≈ 1 + C2 r + C1 r² + C0 r³
    const float Limit = 88f;                                    // |x| < 88: glibc's main path
    const float Underflow = -104f;                              // x < −104: e^x rounds to +0 (see Scalar), in the vector loops too

    /// <summary>T[i] = the bits of 2^(i/32) minus i·2^47 (glibc's __exp2f_data.tab): adding k·2^47 puts k/32's integer part in the exponent.</summary>
    static ReadOnlySpan<ulong> Table =>
    [
        0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
        0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
        0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
        0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
        0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
        0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
        0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
        0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
    ];

    /// <summary>True when eight numbers go at a time (AVX-512: the table is four registers, read by permutes instead of a gather).</summary>
    public static readonly bool Wide = Avx512F.IsSupported && Vectorized;

    /// <summary>result[i] = e^x[i] (may be the same span).</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> result) => Exp(x, result, Vectorized, Wide);

    /// <inheritdoc cref="Exp(ReadOnlySpan{float}, Span{float})"/>
    public static void Exp(ReadOnlySpan<float> x, Span<float> result, bool vectorized) => Exp(x, result, vectorized, vectorized && Wide);

    /// <inheritdoc cref="Exp(ReadOnlySpan{float}, Span{float})"/>
    /// <param name="wide">eight at a time (<see cref="Wide"/>), the same numbers</param>
    public static unsafe void Exp(ReadOnlySpan<float> x, Span<float> result, bool vectorized, bool wide)
    {
        if (result.Length < x.Length) throw new ArgumentException("result is shorter than x", nameof(result));
        int n = x.Length, i = 0;
        if (wide && Wide)
            while (true)
            {
                i += ExpEights(x[i..], result[i..]);                  // up to a group of eight with a number outside its range
                if (i > n - 8) break;
                for (int end = i + 8; i < end; i++) result[i] = Scalar(x[i]);   // that group, one by one
            }
        if (vectorized && Vectorized)
            while (true)
            {
                i += ExpFours(x[i..], result[i..]);
                if (i > n - 4) break;
                for (int end = i + 4; i < end; i++) result[i] = Scalar(x[i]);
            }
        for (; i < n; i++) result[i] = Scalar(x[i]);
    }

    /// <summary>The vector loop, four at a time (AVX2 and FMA): returns how many numbers it took (a multiple of four), stopping before
    /// the first group of four with a number outside its range, which <see cref="Exp(ReadOnlySpan{float}, Span{float}, bool, bool)"/> takes one by one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // (as ExpEights)
    static unsafe int ExpFours(ReadOnlySpan<float> x, Span<float> result)
    {
        int n = x.Length, i = 0;
        ref float from = ref MemoryMarshal.GetReference(x);
        ref float to = ref MemoryMarshal.GetReference(result);
        var inverseLn2N = Vector256.Create(InverseLn2N);
        var shift = Vector256.Create(Shift);
        var c0 = Vector256.Create(C0);
        var c1 = Vector256.Create(C1);
        var c2 = Vector256.Create(C2);
        var one = Vector256.Create(1.0);
        var mask = Vector256.Create(31UL);
        var limit = Vector128.Create(Limit);
        var underflow = Vector128.Create(Underflow);
        fixed (ulong* table = Table)
            for (; i <= n - 4; i += 4)                                        // (no call in this loop: the constants stay in registers)
            {
                var xs = Vector128.LoadUnsafe(ref from, (nuint)i);
                var zero = Vector128.LessThan(xs, underflow);                 // +0 below −104 (−∞ too)
                if ((Vector128.LessThan(Vector128.Abs(xs), limit) | zero).AsInt32() != Vector128<int>.AllBitsSet) break;   // −104 ≤ x ≤ −88, x ≥ 88 or NaN: glibc's other paths, in Exp
                var xd = Avx.ConvertToVector256Double(xs);
                var kd = Fma.MultiplyAdd(inverseLn2N, xd, shift);              // z = 32x/ln 2, rounded: k in the low bits
                var ki = kd.AsUInt64();
                kd -= shift;                                                  // k
                var r = Fma.MultiplySubtract(inverseLn2N, xd, kd);            // r = 32x/ln 2 − k, in [−1/2, 1/2]
                var z = Fma.MultiplyAdd(c0, r, c1);
                var t = Avx2.GatherVector256(table, (ki & mask).AsInt64(), 8) + (ki << 47);
                var r2 = r * r;
                var y = Fma.MultiplyAdd(r, c2, one);
                y = Fma.MultiplyAdd(z, r2, y);                                // 1 + C2 r + C1 r² + C0 r³
                var e = Avx.ConvertToVector128Single(y * t.AsDouble());       // · 2^(k/32), rounded to float once
                Vector128.AndNot(e, zero).StoreUnsafe(ref to, (nuint)i);
            }
        return i;
    }

    /// <summary>
    /// The steps of <see cref="ExpFours"/> eight at a time in 512-bit registers, with
    /// 2^(i/32) from the 32-entry table held in four registers: two two-register permutes pick from entries 0–15 and 16–31, bit 4 of
    /// k chooses. Returns how many numbers it took (a multiple of eight), stopping as <see cref="ExpFours"/> does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // kept out of Exp, whose calls to MathF.Exp would make the JIT keep this loop's constants on the stack
                                                    // (with the fix-ups and their calls in here, it reloaded all fourteen at every step)
    static unsafe int ExpEights(ReadOnlySpan<float> x, Span<float> result)
    {
        int n = x.Length, i = 0;
        ref float from = ref MemoryMarshal.GetReference(x);
        ref float to = ref MemoryMarshal.GetReference(result);
        var inverseLn2N = Vector512.Create(InverseLn2N);
        var shift = Vector512.Create(Shift);
        var c0 = Vector512.Create(C0);
        var c1 = Vector512.Create(C1);
        var c2 = Vector512.Create(C2);
        var one = Vector512.Create(1.0);
        var upperHalf = Vector512.Create(16UL);
        var limit = Vector256.Create(Limit);
        var underflow = Vector256.Create(Underflow);
        Vector512<ulong> t0, t1, t2, t3;
        fixed (ulong* table = Table)
        {
            t0 = Vector512.Load(table); t1 = Vector512.Load(table + 8); t2 = Vector512.Load(table + 16); t3 = Vector512.Load(table + 24);
        }
        for (; i <= n - 8; i += 8)                                        // (no call in this loop: the constants stay in registers)
        {
            var xs = Vector256.LoadUnsafe(ref from, (nuint)i);
            var zero = Vector256.LessThan(xs, underflow);                     // +0 below −104 (−∞ too)
            if ((Vector256.LessThan(Vector256.Abs(xs), limit) | zero).AsInt32() != Vector256<int>.AllBitsSet) break;   // (as ExpFours)
            var xd = Avx512F.ConvertToVector512Double(xs);
            var kd = Avx512F.FusedMultiplyAdd(inverseLn2N, xd, shift);         // z = 32x/ln 2, rounded: k in the low bits
            var ki = kd.AsUInt64();
            kd -= shift;                                                      // k
            var r = Avx512F.FusedMultiplySubtract(inverseLn2N, xd, kd);       // r = 32x/ln 2 − k
            var z = Avx512F.FusedMultiplyAdd(c0, r, c1);
            var low = Avx512F.PermuteVar8x64x2(t0, ki, t1);                   // T[k mod 16], T[16 + k mod 16]
            var high = Avx512F.PermuteVar8x64x2(t2, ki, t3);
            var t = Vector512.ConditionalSelect(Vector512.Equals(ki & upperHalf, upperHalf), high, low) + (ki << 47);
            var r2 = r * r;
            var y = Avx512F.FusedMultiplyAdd(r, c2, one);
            y = Avx512F.FusedMultiplyAdd(z, r2, y);                           // 1 + C2 r + C1 r² + C0 r³
            var e = Avx512F.ConvertToVector256Single(y * t.AsDouble());       // · 2^(k/32), rounded to float once
            Vector256.AndNot(e, zero).StoreUnsafe(ref to, (nuint)i);
        }
        return i;
    }

    /// <summary>
    /// e^x as <see cref="MathF.Exp"/>: below −104 the float result is +0 (e^−104 is under half the smallest float),
    /// returned without the C library's underflow path (which also sets errno), taken often by a diverging run's far-off scores.
    /// </summary>
    public static float Scalar(float x) => x < Underflow ? 0f : MathF.Exp(x);
}
