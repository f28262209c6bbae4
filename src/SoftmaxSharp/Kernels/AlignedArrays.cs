using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// Float arrays whose first element lies on a 64-byte boundary, for the buffers the kernels stream through (W, ∇W,
/// tiles): then W's rows (784 floats = 49 lines for Fashion-MNIST) start on a cache line and no 32-byte load or store
/// is split across two lines — a split store costs about half again as much (per-sample SGD writes all of W per row).
/// .NET has no aligned array allocation, so this allocates on the pinned object heap (the array never moves, so it
/// stays aligned), which places objects one after another: an empty byte array shows where the next object goes, and
/// a byte array of the right length in between puts the float array's first element on a boundary. Where the heap
/// places it elsewhere after all (a free gap found), it tries again a few times. When none lands on a boundary, the
/// array is an ordinary one: slower kernels, the same numbers.
/// </summary>
internal static class AlignedArrays
{
    const int Alignment = 64;
    const int Attempts = 16;
    /// <summary>On 64-bit .NET an array object is 16 bytes (method table and length) before its first element, then its
    /// elements, in a size rounded up to 8 bytes (at least 24: an empty array).</summary>
    const int ArrayHeaderBytes = 16, EmptyArrayBytes = 24;

    static nuint ObjectBytes(Array array)
    {
        long bytes = ArrayHeaderBytes + array.LongLength * (array is float[] ? sizeof(float) : 1);
        return (nuint)Math.Max(EmptyArrayBytes, (bytes + 7) & ~7L);
    }

    /// <summary>A zeroed array of <paramref name="length"/> floats, 64-byte aligned where the heap allows.</summary>
    public static float[] Floats(int length)
    {
        if (length == 0) return [];
        List<object>? misses = null;                              // kept alive until done, so the next allocation lands elsewhere
        object previous = GC.AllocateUninitializedArray<byte>(0, pinned: true);   // an empty array: where the next object goes
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            // The next object starts where `previous` ends; a padding array of n bytes (24 + n, rounded up to 8, with its header)
            // then puts the floats' first element 16 + 24 + n bytes further: n = −(end + 40) mod 64 (a multiple of 8, as the end is).
            // Allocating blindly took about ten tries (each a whole zeroed array: 0.45 ms for 31 KB, 1.1 ms for 200 KB).
            nuint end = Address((Array)previous) - ArrayHeaderBytes + ObjectBytes((Array)previous);
            int padding = (int)((0 - (end + ArrayHeaderBytes + EmptyArrayBytes)) & (Alignment - 1));
            var pad = GC.AllocateUninitializedArray<byte>(padding, pinned: true);
            var array = GC.AllocateArray<float>(length, pinned: true);
            if (IsAligned(array)) return array;
            (misses ??= []).Add(pad);
            misses.Add(previous);
            previous = array;                                     // a large array may have gone to fresh space: pad from its end
        }
        return new float[length];
    }

    /// <summary>A 64-byte aligned copy of <paramref name="source"/>.</summary>
    public static float[] Copy(ReadOnlySpan<float> source)
    {
        var copy = Floats(source.Length);
        source.CopyTo(copy);
        return copy;
    }

    /// <summary>Whether the first element of <paramref name="array"/> lies on a 64-byte boundary.</summary>
    public static bool IsAligned(float[] array) => (Address(array) & (Alignment - 1)) == 0;

    /// <summary>The address of the first element of <paramref name="array"/> (pinned, so it stays there).</summary>
    static unsafe nuint Address(Array array) => (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
}
