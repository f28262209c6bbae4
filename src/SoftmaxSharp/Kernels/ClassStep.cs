using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// A thread's whole step when a small batch is split by classes (<see cref="Training.ShardedGradient"/>), in one pass over its
/// five rows of W:
/// <code>
///   ∇ₛ = Gₛᵀ Xₛ        for the batch's two halves of rows, s = 0, 1 (the lectures' x(ŷ − y)ᵀ, summed over the half)
///   W ← W − η(∇₀ + ∇₁)  and W packed for the next batch's scores (<see cref="PixelScores.Pack"/>)
/// </code>
/// The numbers of <see cref="LinearKernels.OuterProduct"/> on each half and then the step from the two partial gradients: each
/// element's FMAs in row order from 0, the two sums added, multiplied by −η, then added to w (not fused). The partial gradients
/// stay in registers instead of going out to two buffers and back (a batch-32 epoch spent 37 % of its time past the meeting).
/// </summary>
internal static class ClassStep
{
    /// <summary>The classes it takes: the half of ten that each thread keeps.</summary>
    public const int Classes = 5;

    /// <summary>Whether it runs for <paramref name="classes"/> rows of W of <paramref name="d"/> columns here (AVX-512).</summary>
    public static bool Runs(int classes, int d) => classes == Classes && d >= 2 * Vector512<float>.Count && LinearKernels.Wide;

    /// <summary>
    /// W [5, d] ← W + s·(G₀ᵀX₀ + G₁ᵀX₁), where rows [0, <paramref name="firstHalf"/>) of G [rows, 5] and X [rows, d] are the first
    /// half and the rest the second; <paramref name="packed"/> (empty for none) gets the new W's 8-column chunks.
    /// </summary>
    /// <param name="scale">s = −η</param>
    public static void Step(ReadOnlySpan<float> g, ReadOnlySpan<float> x, int firstHalf, Span<float> weights, float scale, Span<float> packed, int d)
    {
        const int K = Classes;
        int rows = g.Length / K;
        if (!Runs(K, d) || weights.Length != K * d || x.Length < rows * d || firstHalf < 0 || firstHalf > rows
            || (!packed.IsEmpty && packed.Length < K * (d / 8 * 8)))
            throw new ArgumentException("five rows of W, G [rows, 5], X [rows, d] and W packed (or nothing)");
        int j = 0;
        for (; j <= d - 32; j += 32) ThirtyTwoColumns(g, x, firstHalf, rows, weights, scale, packed, d, j);
        if (j <= d - 16) { SixteenColumns(g, x, firstHalf, rows, weights, scale, packed, d, j); j += 16; }   // 784 = 24·32 + 16
        for (; j < d; j++)                                                // the last d mod 16 columns, one by one
            for (int c = 0; c < K; c++)
            {
                float a = 0f, b = 0f;
                for (int r = 0; r < firstHalf; r++) a = MathF.FusedMultiplyAdd(g[r * K + c], x[r * d + j], a);
                for (int r = firstHalf; r < rows; r++) b = MathF.FusedMultiplyAdd(g[r * K + c], x[r * d + j], b);
                float sum = a + b;                                        // ∇ = ∇₀ + ∇₁, rounded
                weights[c * d + j] = sum * scale + weights[c * d + j];    // w ← −η∇ + w
                if (!packed.IsEmpty && j < d / 8 * 8) packed[j / 8 * 8 * K + 8 * c + j % 8] = weights[c * d + j];   // in a whole chunk: packed too
            }
    }

    /// <summary>Columns j .. j + 32 of the five rows: each half's sums in ten registers, then the step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ThirtyTwoColumns(ReadOnlySpan<float> g, ReadOnlySpan<float> x, int firstHalf, int rows, Span<float> weights, float scale, Span<float> packed, int d, int j)
    {
        const int W = 16;
        ref float xs = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), j);
        ref float gs = ref MemoryMarshal.GetReference(g);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default;
        Vector512<float> f0 = default, f1 = default, f2 = default, f3 = default, f4 = default;
        for (int r = 0; r < firstHalf; r++)                              // ∇₀ = G₀ᵀX₀, row after row
            LinearKernels.OuterRowFive(ref Unsafe.Add(ref gs, r * Classes), Vector512.LoadUnsafe(ref xs, (nuint)(r * d)), Vector512.LoadUnsafe(ref xs, (nuint)(r * d + W)),
                ref a0, ref a1, ref a2, ref a3, ref a4, ref b0, ref b1, ref b2, ref b3, ref b4);
        for (int r = firstHalf; r < rows; r++)                           // ∇₁ = G₁ᵀX₁
            LinearKernels.OuterRowFive(ref Unsafe.Add(ref gs, r * Classes), Vector512.LoadUnsafe(ref xs, (nuint)(r * d)), Vector512.LoadUnsafe(ref xs, (nuint)(r * d + W)),
                ref e0, ref e1, ref e2, ref e3, ref e4, ref f0, ref f1, ref f2, ref f3, ref f4);
        var s = Vector512.Create(scale);                                 // −η(∇₀ + ∇₁) of columns j .. j + 16, then j + 16 .. j + 32
        StepSixteen(weights, packed, d, 0, j, (a0 + e0) * s); StepSixteen(weights, packed, d, 0, j + W, (b0 + f0) * s);
        StepSixteen(weights, packed, d, 1, j, (a1 + e1) * s); StepSixteen(weights, packed, d, 1, j + W, (b1 + f1) * s);
        StepSixteen(weights, packed, d, 2, j, (a2 + e2) * s); StepSixteen(weights, packed, d, 2, j + W, (b2 + f2) * s);
        StepSixteen(weights, packed, d, 3, j, (a3 + e3) * s); StepSixteen(weights, packed, d, 3, j + W, (b3 + f3) * s);
        StepSixteen(weights, packed, d, 4, j, (a4 + e4) * s); StepSixteen(weights, packed, d, 4, j + W, (b4 + f4) * s);
    }

    /// <summary>Columns j .. j + 16 of the five rows (Fashion-MNIST's last 16 of 784 columns): each half's sums in five registers.
    /// Their sums in a stackalloc'd span, as an eight-column pass had them, took 15 % of the step's time for 2 % of its columns.</summary>
    static void SixteenColumns(ReadOnlySpan<float> g, ReadOnlySpan<float> x, int firstHalf, int rows, Span<float> weights, float scale, Span<float> packed, int d, int j)
    {
        ref float xs = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), j);
        ref float gs = ref MemoryMarshal.GetReference(g);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default;
        for (int r = 0; r < firstHalf; r++)                              // ∇₀ = G₀ᵀX₀
            OuterRowFive(ref Unsafe.Add(ref gs, r * Classes), Vector512.LoadUnsafe(ref xs, (nuint)(r * d)), ref a0, ref a1, ref a2, ref a3, ref a4);
        for (int r = firstHalf; r < rows; r++)                           // ∇₁ = G₁ᵀX₁
            OuterRowFive(ref Unsafe.Add(ref gs, r * Classes), Vector512.LoadUnsafe(ref xs, (nuint)(r * d)), ref e0, ref e1, ref e2, ref e3, ref e4);
        var s = Vector512.Create(scale);
        StepSixteen(weights, packed, d, 0, j, (a0 + e0) * s);
        StepSixteen(weights, packed, d, 1, j, (a1 + e1) * s);
        StepSixteen(weights, packed, d, 2, j, (a2 + e2) * s);
        StepSixteen(weights, packed, d, 3, j, (a3 + e3) * s);
        StepSixteen(weights, packed, d, 4, j, (a4 + e4) * s);
    }

    /// <summary>One row's products on the five classes' sums of a 16-column stretch: s_c += g_c·x (a row of Gₛᵀ Xₛ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void OuterRowFive(ref float g, Vector512<float> x, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2,
        ref Vector512<float> s3, ref Vector512<float> s4)
    {
        s0 = Vector512.FusedMultiplyAdd(Vector512.Create(g), x, s0);
        s1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref g, 1)), x, s1);
        s2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref g, 2)), x, s2);
        s3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref g, 3)), x, s3);
        s4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref g, 4)), x, s4);
    }

    /// <summary>w ← −η∇ + w for class c's columns j .. j + 16, given −η∇; also into W packed, two chunks of eight (chunk j/8 of class c at [j/8][8c]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StepSixteen(Span<float> weights, Span<float> packed, int d, int c, int j, Vector512<float> step)
    {
        ref float w = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), c * d + j);
        var next = step + Vector512.LoadUnsafe(ref w);
        next.StoreUnsafe(ref w);
        if (packed.IsEmpty) return;
        ref float p = ref Unsafe.Add(ref MemoryMarshal.GetReference(packed), j * Classes + 8 * c);
        next.GetLower().StoreUnsafe(ref p);
        next.GetUpper().StoreUnsafe(ref p, 8 * Classes);
    }
}
