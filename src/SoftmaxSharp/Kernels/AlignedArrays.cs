using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// Float arrays whose first element lies on a 64-byte boundary, for the buffers the kernels stream through (W, ∇W,
/// tiles): then W's rows (784 floats = 49 lines for Fashion-MNIST) start on a cache line and no 32-byte load or store
/// is split across two lines — a split store costs about half again as much (per-sample SGD writes all of W per row).
/// .NET has no aligned array allocation, so this allocates on the pinned object heap (the array never moves, so it
/// stays aligned) until an allocation lands on a boundary. When none does, the array is an ordinary one: slower
/// kernels, the same numbers.
/// </summary>
internal static class AlignedArrays
{
    const int Alignment = 64;
    const int Attempts = 16;

    /// <summary>A zeroed array of <paramref name="length"/> floats, 64-byte aligned where the heap allows.</summary>
    public static float[] Floats(int length)
    {
        if (length == 0) return [];
        List<object>? misses = null;                              // kept alive until done, so the next allocation lands elsewhere
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            var array = GC.AllocateArray<float>(length, pinned: true);
            if (IsAligned(array)) return array;
            misses ??= [];
            misses.Add(array);
            misses.Add(GC.AllocateArray<byte>(1 + 8 * attempt, pinned: true));   // shifts the next address by a few 8-byte steps
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
    public static unsafe bool IsAligned(float[] array) =>
        ((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) & (Alignment - 1)) == 0;
}
