using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>Element-type conversions for rows kept compactly in memory.</summary>
internal static class Conversions
{
    /// <summary>destination[i] = (float)source[i]: pixels 0..255 as floats (exact).</summary>
    public static void BytesToFloats(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("destination is too short", nameof(destination));
        int n = source.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte from = ref MemoryMarshal.GetReference(source);
            ref float to = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref from, (nuint)i);          // 32 bytes
                var low = Vector256.WidenLower(bytes);                         // 16 × ushort
                var high = Vector256.WidenUpper(bytes);
                Vector256.ConvertToSingle(Vector256.WidenLower(low).AsInt32()).StoreUnsafe(ref to, (nuint)i);
                Vector256.ConvertToSingle(Vector256.WidenUpper(low).AsInt32()).StoreUnsafe(ref to, (nuint)i + 8);
                Vector256.ConvertToSingle(Vector256.WidenLower(high).AsInt32()).StoreUnsafe(ref to, (nuint)i + 16);
                Vector256.ConvertToSingle(Vector256.WidenUpper(high).AsInt32()).StoreUnsafe(ref to, (nuint)i + 24);
            }
        }
        for (; i < n; i++) destination[i] = source[i];
    }

    /// <summary>The widest vectors <see cref="PixelsToUnit(ReadOnlySpan{byte}, Span{float})"/> runs on here: 512 (AVX-512), 256 (AVX2 and FMA) or 0 bits (scalar).</summary>
    public static readonly int PixelVectorBits = Avx512F.IsSupported ? 512 : Avx2.IsSupported && Fma.IsSupported ? 256 : 0;

    /// <summary>
    /// destination[i] = source[i] / 255f, correctly rounded — the same floats as a division, which costs
    /// several times more: 1/255 split in two floats, c = fl(1/255) and e = fl(1/255 − c), then q = x·c + fl(x·e)
    /// in one fused multiply-add (the two-constant method of Brisebarre and Muller for a correctly rounded product
    /// by a constant), exact for every byte (checked for all 256 values by a test). Converts and scales in one pass,
    /// so pixel rows go from memory to a scaled tile in registers.
    /// </summary>
    public static void PixelsToUnit(ReadOnlySpan<byte> source, Span<float> destination) => PixelsToUnit(source, destination, PixelVectorBits);

    /// <summary>c = fl(1/255) and e = fl(1/255 − c): x / 255 = x·c + fl(x·e) for every byte x.</summary>
    internal const float UnitHigh = 1f / 255f, UnitLow = -2.3191758e-10f;

    /// <summary>Sixteen pixels at <paramref name="p"/> / 255: 16 bytes → 16 ints → 16 floats, then x·c + fl(x·e) = fl(x / 255).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector512<float> ToUnit(byte* p, Vector512<float> c, Vector512<float> e)
    {
        var x = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(p)));
        return Avx512F.FusedMultiplyAdd(x, c, x * e);
    }

    /// <summary>Eight pixels at <paramref name="p"/> / 255, the same way in 256 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector256<float> ToUnit(byte* p, Vector256<float> c, Vector256<float> e)
    {
        var x = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(p));
        return Fma.MultiplyAdd(x, c, x * e);
    }

    /// <summary>
    /// Sixteen pixels at <paramref name="p"/> / 255, correctly rounded as <see cref="ToUnit(byte*, Vector512{float}, Vector512{float})"/>,
    /// by integer steps: for a byte p ≥ 1, N = 65793·p (p in three bytes, 0x010101·p) is below 2²⁴, so float(N) is exact, and
    /// p/255 = N·2⁻²⁴ / (1 − 2⁻²⁴) lies more than half an ulp and less than one above N·2⁻²⁴: fl(p/255) is the next float up,
    /// whose bits are those of float(N) − 24·2²³ (2⁻²⁴ in the exponent) + 1. For p = 0 that is negative as an int, and max(·, 0)
    /// makes it +0. A byte shuffle, a conversion, an add and a max: none on the multiply pipes, which the scoring kernels
    /// (<see cref="PixelScores"/>) fill with FMAs — there a 64-row tile took 6.52–6.55 µs with x·c + fl(x·e) and 5.51–5.64 this
    /// way, about the 5.36–5.59 of scoring floats. Alone, as <see cref="PixelsToUnit(ReadOnlySpan{byte}, Span{float}, int)"/>, it is
    /// the slower (a 784-byte row 28–29 ns against 21–22): the pipes are free there, and it has more operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector512<float> UnitByBits(byte* p) =>
        FromThreeBytes(Avx512BW.Shuffle(Avx512F.BroadcastVector128ToVector512((uint*)p).AsByte(), ThreeBytes16));   // lane i: pixels 4i..4i+3

    /// <summary>The eight pixels at <paramref name="p"/> / 255 in both halves (against two classes at once), as <see cref="UnitByBits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector512<float> UnitByBitsTwice(byte* p) =>
        FromThreeBytes(Avx512BW.Shuffle(Vector512.Create(*(ulong*)p).AsByte(), Vector512.Create(ThreeBytes8, ThreeBytes8)));   // lanes 0, 1, 0, 1

    /// <summary>65793·p in each int → fl(p/255): float, 2⁻²⁴ and one ulp up in the bits, and 0 for p = 0 (<see cref="UnitByBits"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> FromThreeBytes(Vector512<byte> n)
    {
        var bits = Avx512F.ConvertToVector512Single(n.AsInt32()).AsInt32() + Vector512.Create(1 - (24 << 23));
        return Avx512F.Max(bits, Vector512<int>.Zero).AsSingle();
    }

    /// <summary>The shuffle of a 128-bit lane of pixels into p·0x010101: int m takes byte m three times and a zero (0x80). For sixteen
    /// pixels m = 0..15 (lane i uses bytes 4i..4i+3 of its copy of the sixteen); for eight, m = 0..7 in 256 bits.</summary>
    static Vector512<byte> ThreeBytes16
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]      // a constant in the caller
        get => Vector512.Create(unchecked((int)0x80000000), unchecked((int)0x80010101), unchecked((int)0x80020202), unchecked((int)0x80030303), unchecked((int)0x80040404), unchecked((int)0x80050505), unchecked((int)0x80060606), unchecked((int)0x80070707),
            unchecked((int)0x80080808), unchecked((int)0x80090909), unchecked((int)0x800A0A0A), unchecked((int)0x800B0B0B), unchecked((int)0x800C0C0C), unchecked((int)0x800D0D0D), unchecked((int)0x800E0E0E), unchecked((int)0x800F0F0F)).AsByte();
    }

    static Vector256<byte> ThreeBytes8
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(unchecked((int)0x80000000), unchecked((int)0x80010101), unchecked((int)0x80020202), unchecked((int)0x80030303), unchecked((int)0x80040404), unchecked((int)0x80050505), unchecked((int)0x80060606), unchecked((int)0x80070707)).AsByte();
    }

    /// <inheritdoc cref="PixelsToUnit(ReadOnlySpan{byte}, Span{float})"/>
    /// <param name="vectorBits">512, 256 or 0 (scalar), at most <see cref="PixelVectorBits"/>: sixteen pixels a step instead of
    /// eight take a fifth less time (the loop is bound by its floating-point operations, and half as many instructions issue)</param>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller: inlined there by profile-guided tier-1 code, the lecture's epoch took 80 ms instead of 31
    public static unsafe void PixelsToUnit(ReadOnlySpan<byte> source, Span<float> destination, int vectorBits)
    {
        if (destination.Length < source.Length) throw new ArgumentException("destination is too short", nameof(destination));
        if (vectorBits > PixelVectorBits) throw new ArgumentOutOfRangeException(nameof(vectorBits), $"this CPU runs at most {PixelVectorBits}-bit vectors here");
        int n = source.Length, i = 0;
        fixed (byte* from = source)
        fixed (float* to = destination)
        {
            if (vectorBits == 512 && Avx512F.IsSupported)
            {
                var c = Vector512.Create(UnitHigh);
                var e = Vector512.Create(UnitLow);
                for (; i <= n - 16; i += 16) ToUnit(from + i, c, e).Store(to + i);
            }
            if (vectorBits >= 256 && Avx2.IsSupported && Fma.IsSupported)
            {
                var c = Vector256.Create(UnitHigh);
                var e = Vector256.Create(UnitLow);
                for (; i <= n - 8; i += 8) ToUnit(from + i, c, e).Store(to + i);
            }
            for (; i < n; i++) to[i] = from[i] / 255f;
        }
    }
}
