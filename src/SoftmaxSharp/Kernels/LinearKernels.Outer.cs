using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Kernels;

/// <summary>The backward product ∇W += Gᵀ X, the lectures' x(ŷ − y)ᵀ summed over a tile of rows.</summary>
internal static partial class LinearKernels
{
    /// <summary>
    /// ∇W[c, :] += Σᵣ G[r, c] · X[r, :] over a tile of t contiguous rows — the lectures' x(ŷ − y)ᵀ summed
    /// over the tile, one pass over each x per four classes.
    /// </summary>
    /// <param name="g">G [t, k]: ∂L/∂z of each row of the tile</param>
    /// <param name="x">X [t, d]: the tile's rows</param>
    /// <param name="gradW">∇W [k, d], accumulated into</param>
    public static void AccumulateOuter(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k) =>
        AccumulateOuter(g, x, gradW, k, Vectorized);

    /// <summary>∇W = Gᵀ X over a tile (<paramref name="gradW"/> overwritten, not added to): the numbers of clearing ∇W, then <see cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>.</summary>
    public static void OuterProduct(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k, bool vectorized) =>
        AccumulateOuter(g, x, gradW, k, vectorized, overwrite: true, Wide);

    /// <inheritdoc cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
    public static void AccumulateOuter(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k, bool vectorized) =>
        AccumulateOuter(g, x, gradW, k, vectorized, overwrite: false, Wide);

    /// <inheritdoc cref="AccumulateOuter(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
    /// <param name="overwrite">∇W = Gᵀ X instead of += : the five-class kernel starts its registers at 0 (a pass over ∇W less); the others clear ∇W first</param>
    /// <param name="wide">the ten- and five-class kernels in Vector512 (<see cref="Wide"/>); the same numbers either way, which tests check</param>
    public static void AccumulateOuter(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int k, bool vectorized, bool overwrite, bool wide)
    {
        int t = g.Length / k;
        int d = gradW.Length / k;
        bool five = vectorized && d >= Vector256<float>.Count && k % Five == 0 && t > 0;
        if (overwrite && !five) gradW.Clear();
        if (t == 0) return;
        int c = 0;
        if (vectorized && d >= Vector256<float>.Count)
        {
            if (five && wide && k % (2 * Five) == 0 && d >= 2 * Vector512<float>.Count)
                for (; c < k; c += 2 * Five) AccumulateTenWide(g, x, gradW, c, k, d, t, overwrite);
            if (five)
                for (; c < k; c += Five)
                    if (wide && d >= 2 * Vector512<float>.Count) AccumulateFiveWide(g, x, gradW, c, k, d, t, overwrite);
                    else AccumulateFive(g, x, gradW, c, k, d, t, overwrite);
            for (; c + Block <= k; c += Block) AccumulateBlock(g, x, gradW, c, k, d, t);
            if (c + 2 <= k) { AccumulatePair(g, x, gradW, c, k, d, t); c += 2; }
            for (; c < k; c++)
            {
                Span<float> gradRow = gradW.Slice(c * d, d);
                for (int r = 0; r < t; r++) TensorPrimitives.FusedMultiplyAdd(x.Slice(r * d, d), g[r * k + c], gradRow, gradRow);   // fused, as the blocks: one rounding per element
            }
            return;
        }
        for (; c < k; c++)
        {
            Span<float> gradRow = gradW.Slice(c * d, d);
            for (int r = 0; r < t; r++)
            {
                float gr = g[r * k + c];
                ReadOnlySpan<float> xr = x.Slice(r * d, d);
                for (int j = 0; j < d; j++) gradRow[j] += gr * xr[j];
            }
        }
    }

    /// <summary>
    /// ∇W rows c..c+4: each 16-float stretch of the four rows is held in eight registers while the tile's
    /// rows stream past (two loads of x and four broadcasts of g serve eight FMAs), then stored once.
    /// Rows are added in order, one after another, as the scalar loop does.
    /// </summary>
    static void AccumulateBlock(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t)
    {
        const int W = 8;                                          // Vector256<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float d2 = ref Unsafe.Add(ref d1, d);
        ref float d3 = ref Unsafe.Add(ref d2, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = 0;
        for (; j <= d - 2 * W; j += 2 * W)
        {
            nuint at = (nuint)j, next = (nuint)(j + W);
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, at), a1 = Vector256.LoadUnsafe(ref d1, at), a2 = Vector256.LoadUnsafe(ref d2, at), a3 = Vector256.LoadUnsafe(ref d3, at);
            Vector256<float> b0 = Vector256.LoadUnsafe(ref d0, next), b1 = Vector256.LoadUnsafe(ref d1, next), b2 = Vector256.LoadUnsafe(ref d2, next), b3 = Vector256.LoadUnsafe(ref d3, next);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector256.LoadUnsafe(ref xr);
                var v = Vector256.LoadUnsafe(ref xr, W);
                var g0 = Vector256.Create(gr);
                a0 = Vector256.FusedMultiplyAdd(g0, u, a0);
                b0 = Vector256.FusedMultiplyAdd(g0, v, b0);
                var g1 = Vector256.Create(Unsafe.Add(ref gr, 1));
                a1 = Vector256.FusedMultiplyAdd(g1, u, a1);
                b1 = Vector256.FusedMultiplyAdd(g1, v, b1);
                var g2 = Vector256.Create(Unsafe.Add(ref gr, 2));
                a2 = Vector256.FusedMultiplyAdd(g2, u, a2);
                b2 = Vector256.FusedMultiplyAdd(g2, v, b2);
                var g3 = Vector256.Create(Unsafe.Add(ref gr, 3));
                a3 = Vector256.FusedMultiplyAdd(g3, u, a3);
                b3 = Vector256.FusedMultiplyAdd(g3, v, b3);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at);
            b0.StoreUnsafe(ref d0, next); b1.StoreUnsafe(ref d1, next); b2.StoreUnsafe(ref d2, next); b3.StoreUnsafe(ref d3, next);
        }
        for (; j <= d - W; j += W)
        {
            nuint at = (nuint)j;
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, at), a1 = Vector256.LoadUnsafe(ref d1, at), a2 = Vector256.LoadUnsafe(ref d2, at), a3 = Vector256.LoadUnsafe(ref d3, at);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector256.LoadUnsafe(ref xr);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(gr), u, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 1)), u, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 2)), u, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 3)), u, a3);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at);
        }
        for (; j < d; j++)
            for (int r = 0; r < t; r++)
            {
                float xj = x[r * d + j];
                int gi = r * k + c;
                Unsafe.Add(ref d0, j) = MathF.FusedMultiplyAdd(g[gi], xj, Unsafe.Add(ref d0, j));
                Unsafe.Add(ref d1, j) = MathF.FusedMultiplyAdd(g[gi + 1], xj, Unsafe.Add(ref d1, j));
                Unsafe.Add(ref d2, j) = MathF.FusedMultiplyAdd(g[gi + 2], xj, Unsafe.Add(ref d2, j));
                Unsafe.Add(ref d3, j) = MathF.FusedMultiplyAdd(g[gi + 3], xj, Unsafe.Add(ref d3, j));
            }
    }

    /// <summary>
    /// ∇W rows c..c+5 (k a multiple of 5): each 16-float stretch of the five rows in ten registers while the tile's rows
    /// stream past (two loads of x and five broadcasts of g serve ten FMAs). Rows are added in order, as in the scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller: inlined there by profile-guided tier-1 code, the lecture's epoch took 80 ms instead of 31
    static void AccumulateFive(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t, bool overwrite, int from = 0)
    {
        const int W = 8;                                          // Vector256<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float d2 = ref Unsafe.Add(ref d1, d);
        ref float d3 = ref Unsafe.Add(ref d2, d);
        ref float d4 = ref Unsafe.Add(ref d3, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = from;                                             // columns from..d (the wide kernel hands over its remainder)
        for (; j <= d - 2 * W; j += 2 * W)
        {
            nuint at = (nuint)j, next = (nuint)(j + W);
            Vector256<float> a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
            if (overwrite) a0 = a1 = a2 = a3 = a4 = b0 = b1 = b2 = b3 = b4 = Vector256<float>.Zero;   // ∇W = 0 + Σᵣ …: the numbers of a cleared ∇W
            else
            {
                a0 = Vector256.LoadUnsafe(ref d0, at); a1 = Vector256.LoadUnsafe(ref d1, at); a2 = Vector256.LoadUnsafe(ref d2, at); a3 = Vector256.LoadUnsafe(ref d3, at); a4 = Vector256.LoadUnsafe(ref d4, at);
                b0 = Vector256.LoadUnsafe(ref d0, next); b1 = Vector256.LoadUnsafe(ref d1, next); b2 = Vector256.LoadUnsafe(ref d2, next); b3 = Vector256.LoadUnsafe(ref d3, next); b4 = Vector256.LoadUnsafe(ref d4, next);
            }
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector256.LoadUnsafe(ref xr);
                var v = Vector256.LoadUnsafe(ref xr, W);
                var q = Vector256.Create(gr);
                a0 = Vector256.FusedMultiplyAdd(q, u, a0);
                b0 = Vector256.FusedMultiplyAdd(q, v, b0);
                q = Vector256.Create(Unsafe.Add(ref gr, 1));
                a1 = Vector256.FusedMultiplyAdd(q, u, a1);
                b1 = Vector256.FusedMultiplyAdd(q, v, b1);
                q = Vector256.Create(Unsafe.Add(ref gr, 2));
                a2 = Vector256.FusedMultiplyAdd(q, u, a2);
                b2 = Vector256.FusedMultiplyAdd(q, v, b2);
                q = Vector256.Create(Unsafe.Add(ref gr, 3));
                a3 = Vector256.FusedMultiplyAdd(q, u, a3);
                b3 = Vector256.FusedMultiplyAdd(q, v, b3);
                q = Vector256.Create(Unsafe.Add(ref gr, 4));
                a4 = Vector256.FusedMultiplyAdd(q, u, a4);
                b4 = Vector256.FusedMultiplyAdd(q, v, b4);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at); a4.StoreUnsafe(ref d4, at);
            b0.StoreUnsafe(ref d0, next); b1.StoreUnsafe(ref d1, next); b2.StoreUnsafe(ref d2, next); b3.StoreUnsafe(ref d3, next); b4.StoreUnsafe(ref d4, next);
        }
        for (; j < d; j++)                                        // the tail (d not a multiple of 16), in the same order
        {
            if (overwrite) Unsafe.Add(ref d0, j) = Unsafe.Add(ref d1, j) = Unsafe.Add(ref d2, j) = Unsafe.Add(ref d3, j) = Unsafe.Add(ref d4, j) = 0f;
            for (int r = 0; r < t; r++)
            {
                float xj = x[r * d + j];
                int gi = r * k + c;
                Unsafe.Add(ref d0, j) = MathF.FusedMultiplyAdd(g[gi], xj, Unsafe.Add(ref d0, j));
                Unsafe.Add(ref d1, j) = MathF.FusedMultiplyAdd(g[gi + 1], xj, Unsafe.Add(ref d1, j));
                Unsafe.Add(ref d2, j) = MathF.FusedMultiplyAdd(g[gi + 2], xj, Unsafe.Add(ref d2, j));
                Unsafe.Add(ref d3, j) = MathF.FusedMultiplyAdd(g[gi + 3], xj, Unsafe.Add(ref d3, j));
                Unsafe.Add(ref d4, j) = MathF.FusedMultiplyAdd(g[gi + 4], xj, Unsafe.Add(ref d4, j));
            }
        }
    }

    /// <summary>
    /// ∇W[c..c+4, :] += Σᵣ G[r, c..c+4] · X[r, :] as <see cref="AccumulateFive"/>, 512 bits wide: 32-float stretches of the five
    /// rows in ten registers, the remaining columns by <see cref="AccumulateFive"/> itself. Every element gets the same FMAs in the same order, so the same numbers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void AccumulateFiveWide(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t, bool overwrite)
    {
        const int W = 16;                                         // Vector512<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float d2 = ref Unsafe.Add(ref d1, d);
        ref float d3 = ref Unsafe.Add(ref d2, d);
        ref float d4 = ref Unsafe.Add(ref d3, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = 0;
        for (; j <= d - 2 * W; j += 2 * W)
        {
            nuint at = (nuint)j, next = (nuint)(j + W);
            Vector512<float> a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
            if (overwrite) a0 = a1 = a2 = a3 = a4 = b0 = b1 = b2 = b3 = b4 = Vector512<float>.Zero;
            else
            {
                a0 = Vector512.LoadUnsafe(ref d0, at); a1 = Vector512.LoadUnsafe(ref d1, at); a2 = Vector512.LoadUnsafe(ref d2, at); a3 = Vector512.LoadUnsafe(ref d3, at); a4 = Vector512.LoadUnsafe(ref d4, at);
                b0 = Vector512.LoadUnsafe(ref d0, next); b1 = Vector512.LoadUnsafe(ref d1, next); b2 = Vector512.LoadUnsafe(ref d2, next); b3 = Vector512.LoadUnsafe(ref d3, next); b4 = Vector512.LoadUnsafe(ref d4, next);
            }
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                OuterRowFive(ref gr, Vector512.LoadUnsafe(ref xr), Vector512.LoadUnsafe(ref xr, W), ref a0, ref a1, ref a2, ref a3, ref a4, ref b0, ref b1, ref b2, ref b3, ref b4);
            }
            a0.StoreUnsafe(ref d0, at); a1.StoreUnsafe(ref d1, at); a2.StoreUnsafe(ref d2, at); a3.StoreUnsafe(ref d3, at); a4.StoreUnsafe(ref d4, at);
            b0.StoreUnsafe(ref d0, next); b1.StoreUnsafe(ref d1, next); b2.StoreUnsafe(ref d2, next); b3.StoreUnsafe(ref d3, next); b4.StoreUnsafe(ref d4, next);
        }
        if (j < d) AccumulateFive(g, x, gradW, c, k, d, t, overwrite, from: j);   // the remaining columns in 256 bits, the same numbers
    }

    /// <summary>
    /// One row's FMAs on 32 columns of five rows of ∇W: a_c += g_c·u and b_c += g_c·v for the five classes c whose ∂L/∂z start at
    /// <paramref name="g"/> (u, v: the row's x on the two 16-column halves). Inlined, the sums stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void OuterRowFive(ref float g, Vector512<float> u, Vector512<float> v,
        ref Vector512<float> a0, ref Vector512<float> a1, ref Vector512<float> a2, ref Vector512<float> a3, ref Vector512<float> a4,
        ref Vector512<float> b0, ref Vector512<float> b1, ref Vector512<float> b2, ref Vector512<float> b3, ref Vector512<float> b4)
    {
        var q = Vector512.Create(g);
        a0 = Vector512.FusedMultiplyAdd(q, u, a0); b0 = Vector512.FusedMultiplyAdd(q, v, b0);
        q = Vector512.Create(Unsafe.Add(ref g, 1));
        a1 = Vector512.FusedMultiplyAdd(q, u, a1); b1 = Vector512.FusedMultiplyAdd(q, v, b1);
        q = Vector512.Create(Unsafe.Add(ref g, 2));
        a2 = Vector512.FusedMultiplyAdd(q, u, a2); b2 = Vector512.FusedMultiplyAdd(q, v, b2);
        q = Vector512.Create(Unsafe.Add(ref g, 3));
        a3 = Vector512.FusedMultiplyAdd(q, u, a3); b3 = Vector512.FusedMultiplyAdd(q, v, b3);
        q = Vector512.Create(Unsafe.Add(ref g, 4));
        a4 = Vector512.FusedMultiplyAdd(q, u, a4); b4 = Vector512.FusedMultiplyAdd(q, v, b4);
    }

    /// <summary>
    /// ∇W[c..c+9, :] += Σᵣ G[r, c..c+9] · X[r, :] as <see cref="AccumulateFiveWide"/>, ten classes at once: 32-float stretches of
    /// the ten rows in twenty registers, so each row's two loads of x serve twenty FMAs (five classes: ten) and the tile is read
    /// once instead of twice. The remaining columns by <see cref="AccumulateFive"/>. Every element gets the same FMAs in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void AccumulateTenWide(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t, bool overwrite)
    {
        const int W = 16;                                         // Vector512<float>.Count
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        nuint row = (nuint)d;
        int j = 0;
        for (; j <= d - 2 * W; j += 2 * W)
        {
            ref float o = ref Unsafe.Add(ref d0, j);
            Vector512<float> a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9;
            if (overwrite) a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = b8 = b9 = Vector512<float>.Zero;
            else
            {
                a0 = Vector512.LoadUnsafe(ref o); a1 = Vector512.LoadUnsafe(ref o, row); a2 = Vector512.LoadUnsafe(ref o, 2 * row); a3 = Vector512.LoadUnsafe(ref o, 3 * row); a4 = Vector512.LoadUnsafe(ref o, 4 * row);
                a5 = Vector512.LoadUnsafe(ref o, 5 * row); a6 = Vector512.LoadUnsafe(ref o, 6 * row); a7 = Vector512.LoadUnsafe(ref o, 7 * row); a8 = Vector512.LoadUnsafe(ref o, 8 * row); a9 = Vector512.LoadUnsafe(ref o, 9 * row);
                b0 = Vector512.LoadUnsafe(ref o, W); b1 = Vector512.LoadUnsafe(ref o, row + W); b2 = Vector512.LoadUnsafe(ref o, 2 * row + W); b3 = Vector512.LoadUnsafe(ref o, 3 * row + W); b4 = Vector512.LoadUnsafe(ref o, 4 * row + W);
                b5 = Vector512.LoadUnsafe(ref o, 5 * row + W); b6 = Vector512.LoadUnsafe(ref o, 6 * row + W); b7 = Vector512.LoadUnsafe(ref o, 7 * row + W); b8 = Vector512.LoadUnsafe(ref o, 8 * row + W); b9 = Vector512.LoadUnsafe(ref o, 9 * row + W);
            }
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var u = Vector512.LoadUnsafe(ref xr);
                var v = Vector512.LoadUnsafe(ref xr, W);
                OuterRowFive(ref gr, u, v, ref a0, ref a1, ref a2, ref a3, ref a4, ref b0, ref b1, ref b2, ref b3, ref b4);
                OuterRowFive(ref Unsafe.Add(ref gr, 5), u, v, ref a5, ref a6, ref a7, ref a8, ref a9, ref b5, ref b6, ref b7, ref b8, ref b9);
            }
            a0.StoreUnsafe(ref o); a1.StoreUnsafe(ref o, row); a2.StoreUnsafe(ref o, 2 * row); a3.StoreUnsafe(ref o, 3 * row); a4.StoreUnsafe(ref o, 4 * row);
            a5.StoreUnsafe(ref o, 5 * row); a6.StoreUnsafe(ref o, 6 * row); a7.StoreUnsafe(ref o, 7 * row); a8.StoreUnsafe(ref o, 8 * row); a9.StoreUnsafe(ref o, 9 * row);
            b0.StoreUnsafe(ref o, W); b1.StoreUnsafe(ref o, row + W); b2.StoreUnsafe(ref o, 2 * row + W); b3.StoreUnsafe(ref o, 3 * row + W); b4.StoreUnsafe(ref o, 4 * row + W);
            b5.StoreUnsafe(ref o, 5 * row + W); b6.StoreUnsafe(ref o, 6 * row + W); b7.StoreUnsafe(ref o, 7 * row + W); b8.StoreUnsafe(ref o, 8 * row + W); b9.StoreUnsafe(ref o, 9 * row + W);
        }
        if (j < d)                                                // the remaining columns in 256 bits, the same numbers
        {
            AccumulateFive(g, x, gradW, c, k, d, t, overwrite, from: j);
            AccumulateFive(g, x, gradW, c + Five, k, d, t, overwrite, from: j);
        }
    }

    /// <summary>∇W rows c, c+1 (the remainder when k is not a multiple of 4): 32-float stretches in eight registers.</summary>
    static void AccumulatePair(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gradW, int c, int k, int d, int t)
    {
        const int W = 8;
        ref float d0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradW), c * d);
        ref float d1 = ref Unsafe.Add(ref d0, d);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float gc = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), c);
        int j = 0;
        for (; j <= d - 4 * W; j += 4 * W)
        {
            nuint p = (nuint)j, q = p + W, s = q + W, u3 = s + W;
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, p), a1 = Vector256.LoadUnsafe(ref d0, q), a2 = Vector256.LoadUnsafe(ref d0, s), a3 = Vector256.LoadUnsafe(ref d0, u3);
            Vector256<float> b0 = Vector256.LoadUnsafe(ref d1, p), b1 = Vector256.LoadUnsafe(ref d1, q), b2 = Vector256.LoadUnsafe(ref d1, s), b3 = Vector256.LoadUnsafe(ref d1, u3);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var ga = Vector256.Create(gr);
                var gb = Vector256.Create(Unsafe.Add(ref gr, 1));
                var x0 = Vector256.LoadUnsafe(ref xr);
                a0 = Vector256.FusedMultiplyAdd(ga, x0, a0); b0 = Vector256.FusedMultiplyAdd(gb, x0, b0);
                var x1 = Vector256.LoadUnsafe(ref xr, W);
                a1 = Vector256.FusedMultiplyAdd(ga, x1, a1); b1 = Vector256.FusedMultiplyAdd(gb, x1, b1);
                var x2 = Vector256.LoadUnsafe(ref xr, 2 * W);
                a2 = Vector256.FusedMultiplyAdd(ga, x2, a2); b2 = Vector256.FusedMultiplyAdd(gb, x2, b2);
                var x3 = Vector256.LoadUnsafe(ref xr, 3 * W);
                a3 = Vector256.FusedMultiplyAdd(ga, x3, a3); b3 = Vector256.FusedMultiplyAdd(gb, x3, b3);
            }
            a0.StoreUnsafe(ref d0, p); a1.StoreUnsafe(ref d0, q); a2.StoreUnsafe(ref d0, s); a3.StoreUnsafe(ref d0, u3);
            b0.StoreUnsafe(ref d1, p); b1.StoreUnsafe(ref d1, q); b2.StoreUnsafe(ref d1, s); b3.StoreUnsafe(ref d1, u3);
        }
        for (; j <= d - W; j += W)
        {
            nuint p = (nuint)j;
            Vector256<float> a0 = Vector256.LoadUnsafe(ref d0, p), b0 = Vector256.LoadUnsafe(ref d1, p);
            ref float xr = ref Unsafe.Add(ref xs, j);
            ref float gr = ref gc;
            for (int r = 0; r < t; r++, xr = ref Unsafe.Add(ref xr, d), gr = ref Unsafe.Add(ref gr, k))
            {
                var x0 = Vector256.LoadUnsafe(ref xr);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(gr), x0, a0);
                b0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gr, 1)), x0, b0);
            }
            a0.StoreUnsafe(ref d0, p); b0.StoreUnsafe(ref d1, p);
        }
        for (; j < d; j++)
            for (int r = 0; r < t; r++)
            {
                float xj = x[r * d + j];
                Unsafe.Add(ref d0, j) = MathF.FusedMultiplyAdd(g[r * k + c], xj, Unsafe.Add(ref d0, j));
                Unsafe.Add(ref d1, j) = MathF.FusedMultiplyAdd(g[r * k + c + 1], xj, Unsafe.Add(ref d1, j));
            }
    }
}
