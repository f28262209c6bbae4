using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
}
