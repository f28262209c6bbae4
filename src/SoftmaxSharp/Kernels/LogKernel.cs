using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// log x of eight floats at once, with the algorithm of glibc's logf (from Arm's optimized-routines: x = 2^k z, c the centre of
/// z's sixteenth of [0.7, 1.4), log x = k ln 2 + log c + log1p(r) with r = z/c − 1 and log1p by a cubic, all in double) and the same
/// fused multiply-adds as its FMA build — so every result is bit for bit what <see cref="MathF.Log(float)"/> returns on Linux x64 (checked
/// against it on every float in [1, 32], where softmax's Σ e^(z − m) lies, and on random floats by a test). Lanes that are not
/// positive normal floats (0, subnormals, negatives, ∞, NaN) go to <see cref="MathF.Log(float)"/>, as glibc takes another path for them.
/// </summary>
internal static class LogKernel
{
    /// <summary>True when the vector path runs (AVX2 and FMA); otherwise every lane goes to <see cref="MathF.Log(float)"/>.</summary>
    public static readonly bool Vectorized = Avx2.IsSupported && Fma.IsSupported;
    /// <summary>True when the eight lanes go in one 512-bit register of doubles, the table read by permutes instead of gathers.</summary>
    public static readonly bool Wide = Avx512F.IsSupported && Vectorized;

    const uint Off = 0x3f330000;                               // z in [Off, 2·Off): 0.7 to 1.4
    const int TableBits = 4;

    // glibc's constants (__logf_data), as bits.
    static readonly double Ln2 = BitConverter.UInt64BitsToDouble(0x3fe62e42fefa39efUL);
    static readonly double A0 = BitConverter.UInt64BitsToDouble(0xbfd00ea348b88334UL);   // log1p(r) ≈ r + A2 r² + A1 r³ + A0 r⁴
    static readonly double A1 = BitConverter.UInt64BitsToDouble(0x3fd5575b0be00b6aUL);
    static readonly double A2 = BitConverter.UInt64BitsToDouble(0xbfdffffef20a4123UL);

    /// <summary>1/c of each sixteenth (glibc's tab[i].invc).</summary>
    static ReadOnlySpan<ulong> InverseC =>
    [
        0x3ff661ec79f8f3be, 0x3ff571ed4aaf883d, 0x3ff49539f0f010b0, 0x3ff3c995b0b80385, 0x3ff30d190c8864a5, 0x3ff25e227b0b8ea0, 0x3ff1bb4a4a1a343f, 0x3ff12358f08ae5ba,
        0x3ff0953f419900a7, 0x3ff0000000000000, 0x3fee608cfd9a47ac, 0x3feca4b31f026aa0, 0x3feb2036576afce6, 0x3fe9c2d163a1aa2d, 0x3fe886e6037841ed, 0x3fe767dcf5534862,
    ];

    /// <summary>log c of each sixteenth (glibc's tab[i].logc).</summary>
    static ReadOnlySpan<ulong> LogC =>
    [
        0xbfd57bf7808caade, 0xbfd2bef0a7c06ddb, 0xbfd01eae7f513a67, 0xbfcb31d8a68224e9, 0xbfc6574f0ac07758, 0xbfc1aa2bc79c8100, 0xbfba4e76ce8c0e5e, 0xbfb1973c5a611ccc,
        0xbfa252f438e10c1e, 0x0000000000000000, 0x3faaa5aa5df25984, 0x3fbc5e53aa362eb4, 0x3fc526e57720db08, 0x3fcbc2860d224770, 0x3fd1058bc8a07ee1, 0x3fd4043057b6ee09,
    ];

    /// <summary>log x of each lane, as <see cref="MathF.Log(float)"/>.</summary>
    public static Vector256<float> Log(Vector256<float> x) => Log(x, Wide);

    /// <inheritdoc cref="Log(Vector256{float})"/>
    /// <param name="wide">in one 512-bit register (<see cref="Wide"/>) rather than two halves of four; the same numbers</param>
    public static unsafe Vector256<float> Log(Vector256<float> x, bool wide)
    {
        if (!Vectorized) return Scalar(x, Vector256<uint>.AllBitsSet);
        var ix = x.AsUInt32();
        var tmp = ix - Vector256.Create(Off);
        var i = (tmp >> (23 - TableBits)) & Vector256.Create((1u << TableBits) - 1);   // which sixteenth
        var k = tmp.AsInt32() >> 23;                                                   // the exponent (arithmetic shift)
        var iz = (ix - (tmp & Vector256.Create(0xff800000u))).AsSingle();             // z = x / 2^k, exact
        Vector256<float> result;
        fixed (ulong* inverseC = InverseC, logC = LogC)
        {
            if (wide && Wide)
            {
                var index = Avx512F.ConvertToVector512UInt64(i);
                var invc = Avx512F.PermuteVar8x64x2(Vector512.Load(inverseC), index, Vector512.Load(inverseC + 8)).AsDouble();
                var logc = Avx512F.PermuteVar8x64x2(Vector512.Load(logC), index, Vector512.Load(logC + 8)).AsDouble();
                var z = Avx512F.ConvertToVector512Double(iz);
                var r = Avx512F.FusedMultiplySubtract(z, invc, Vector512.Create(1.0));              // r = z/c − 1
                var y0 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Double(k), Vector512.Create(Ln2), logc);   // log c + k ln 2
                var r2 = r * r;
                var y = Avx512F.FusedMultiplyAdd(Vector512.Create(A1), r, Vector512.Create(A2));
                y = Avx512F.FusedMultiplyAdd(Vector512.Create(A0), r2, y);
                y = Avx512F.FusedMultiplyAdd(y, r2, y0 + r);                                        // log c + k ln 2 + log1p(r)
                result = Avx512F.ConvertToVector256Single(y);
            }
            else result = Vector256.Create(Half(iz.GetLower(), k.GetLower(), i.GetLower(), inverseC, logC),
                Half(iz.GetUpper(), k.GetUpper(), i.GetUpper(), inverseC, logC));
        }
        var special = Vector256.GreaterThanOrEqual(ix - Vector256.Create(0x00800000u), Vector256.Create(0x7f800000u - 0x00800000u));
        return special == Vector256<uint>.Zero ? result : Scalar(x, special, result);
    }

    /// <summary>Four lanes of <see cref="Log(Vector256{float}, bool)"/> in 256-bit registers of doubles, the table read by gathers.</summary>
    static unsafe Vector128<float> Half(Vector128<float> iz, Vector128<int> k, Vector128<uint> i, ulong* inverseC, ulong* logC)
    {
        var invc = Avx2.GatherVector256((double*)inverseC, i.AsInt32(), 8);
        var logc = Avx2.GatherVector256((double*)logC, i.AsInt32(), 8);
        var z = Avx.ConvertToVector256Double(iz);
        var r = Fma.MultiplySubtract(z, invc, Vector256.Create(1.0));
        var y0 = Fma.MultiplyAdd(Avx.ConvertToVector256Double(k), Vector256.Create(Ln2), logc);
        var r2 = r * r;
        var y = Fma.MultiplyAdd(Vector256.Create(A1), r, Vector256.Create(A2));
        y = Fma.MultiplyAdd(Vector256.Create(A0), r2, y);
        y = Fma.MultiplyAdd(y, r2, y0 + r);
        return Avx.ConvertToVector128Single(y);
    }

    /// <summary>The lanes of <paramref name="which"/> by <see cref="MathF.Log(float)"/>, the others from <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // rare (a diverged row): kept out of the caller's registers
    static Vector256<float> Scalar(Vector256<float> x, Vector256<uint> which, Vector256<float> result = default)
    {
        for (int j = 0; j < Vector256<float>.Count; j++)
            if (which.GetElement(j) != 0) result = result.WithElement(j, MathF.Log(x.GetElement(j)));
        return result;
    }
}
