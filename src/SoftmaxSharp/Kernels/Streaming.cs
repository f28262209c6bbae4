using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>Copies for buffers that another core reads next.</summary>
internal static class Streaming
{
    /// <summary>
    /// destination ← source with non-temporal stores (whole cache lines to memory, past this core's caches), then a store fence,
    /// so every line is in memory before the stores that follow. For a buffer one core writes and the other reads, batch after
    /// batch: an ordinary store must first take back the line the other core has read (a round trip between the cores per line,
    /// 3 µs for 31 KB when they are close, 12–15 µs when they are far on this VM); a streaming store does not wait for it.
    /// The same floats as a plain copy; a plain copy where the CPU has no AVX or <paramref name="destination"/> is not 64-byte aligned.
    /// </summary>
    /// <param name="fetch">a buffer this core reads next (or empty): each of its lines is asked for (prefetcht0) before the copy</param>
    public static unsafe void CopyPastCaches(ReadOnlySpan<float> source, float[] destination, ReadOnlySpan<float> fetch = default)
    {
        if (destination.Length < source.Length) throw new ArgumentException("the destination is shorter than the source", nameof(destination));
        int n = source.Length, i = 0;
        if (Avx.IsSupported && AlignedArrays.IsAligned(destination))
        {
            fixed (float* to = destination)
            {
                ref float from = ref MemoryMarshal.GetReference(source);
                if (!fetch.IsEmpty)
                    fixed (float* next = fetch)
                        for (int line = 0; line < fetch.Length; line += 16) Sse.Prefetch0(next + line);
                if (Avx512F.IsSupported)
                    for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                        Avx512F.StoreAlignedNonTemporal(to + i, Vector512.LoadUnsafe(ref from, (nuint)i));
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                    Avx.StoreAlignedNonTemporal(to + i, Vector256.LoadUnsafe(ref from, (nuint)i));
                Sse.StoreFence();
            }
        }
        source[i..].CopyTo(destination.AsSpan(i));
    }
}
