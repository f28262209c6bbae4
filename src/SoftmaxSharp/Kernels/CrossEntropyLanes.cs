using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// Softmax and cross-entropy of up to 64 rows at once, eight rows to a Vector256, a row in each lane: a row has only k scores
/// (ten for Fashion-MNIST, too few to fill vectors), but score c of eight rows fills one. For each row, as the scalar loop of
/// <see cref="Training.BatchGradient.CrossEntropyRows"/> does it, with the same operations in the same order, so the same numbers:
/// <code>
///   z = Wx + b,  m = max z (the first maximum is the prediction),  ŷ = e^(z − m) / Σ e^(z − m)
///   L = m + log Σ e^(z − m) − z_y,  g = ∂L/∂z = (ŷ − y)/m_batch,  ∇b += g (row after row)
/// </code>
/// Each step runs over all the groups of eight before the next begins, so the groups' chains of dependent operations (the
/// running maximum, Σ e^(z − m), 1/Σ, log Σ) overlap instead of waiting one after the other.
/// </summary>
internal static class CrossEntropyLanes
{
    /// <summary>Rows per group: the lanes of a Vector256 of floats.</summary>
    public const int Rows = 8;
    /// <summary>The most rows a call takes: a tile.</summary>
    public const int MaxRows = 64;
    /// <summary>The most classes it takes (its scratch is on the stack); more go row by row.</summary>
    public const int MaxClasses = 32;

    /// <summary>True when this CPU runs it (AVX2 gathers, the vector e^x and log x).</summary>
    public static readonly bool Supported = Avx2.IsSupported && ExpKernel.Vectorized && LogKernel.Vectorized;

    /// <summary>For k classes, where the i-th float of eight rows' g [8, k] (row-major) lies in the scratch [k, 8] (class-major).</summary>
    static readonly int[]?[] RowMajorOrder = new int[MaxClasses + 1][];

    static int[] BuildRowMajorOrder(int k)
    {
        var order = new int[Rows * k];
        for (int i = 0; i < order.Length; i++) order[i] = i % k * Rows + i / k;   // g[r, c] ← scratch[c, r]
        return order;
    }

    /// <summary>
    /// The first rows z [t, k] (row-major, Z = X Wᵀ without b; t = the labels given, at most <see cref="MaxRows"/>) with labels
    /// <paramref name="labels"/>, eight at a time: writes g [t, k] = ∂L/∂z, adds it to ∇b row after row, adds each row's loss to
    /// <paramref name="lossSum"/> in row order and counts the rows predicted right. Returns how many rows it took: the groups of
    /// eight before the first whose scores have no maximum in some row (all −∞ or NaN: a diverged model), which it leaves,
    /// and the rows past the last whole group, to the scalar loop (as <see cref="Core.Softmax.Stable"/> takes them).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller (profile-guided inlining made such loops slower)
    [SkipLocalsInit]                                // its scratch is written before it is read: no zeroing of 8 KB a call
    public static unsafe int TakeRows(ReadOnlySpan<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<int> labels, float inverseM,
        Span<float> g, Span<float> gradB, ref double lossSum, ref int correct)
    {
        int k = bias.Length, groups = Math.Min(labels.Length, MaxRows) / Rows;
        if (k > MaxClasses || z.Length < groups * Rows * k || g.Length < groups * Rows * k || gradB.Length < k)
            throw new ArgumentException($"rows of at most {MaxClasses} classes");
        int[] rowMajor = RowMajorOrder[k] ??= BuildRowMajorOrder(k);
        float* e = stackalloc float[MaxRows * MaxClasses];     // z + b, then e^(z − m), then g: group after group, each class-major [k, 8]
        float* rowMax = stackalloc float[MaxRows];             // m of each row
        float* rowZy = stackalloc float[MaxRows];              // z_y
        float* rowLoss = stackalloc float[MaxRows];            // L
        int right = 0;
        fixed (float* zp = z, bp = bias)
        fixed (int* yp = labels)
        {
            var rowStart = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * k;
            for (int group = 0; group < groups; group++)
            {
                float* zg = zp + group * Rows * k, eg = e + group * Rows * k;
                var y = Vector256.Load(yp + group * Rows);
                var max = Vector256.Create(float.NegativeInfinity);
                var argMax = Vector256<int>.Zero;
                var zy = Vector256<float>.Zero;
                for (int c = 0; c < k; c++)
                {
                    var zc = Avx2.GatherVector256(zg + c, rowStart, 4) + Vector256.Create(bp[c]);   // z = Wx + b, class c of each row
                    Vector256.Store(zc, eg + c * Rows);
                    var above = Vector256.GreaterThan(zc, max);           // false for NaN, as the scalar `zc > max`
                    max = Vector256.ConditionalSelect(above, zc, max);    // m = max z, and where
                    argMax = Vector256.ConditionalSelect(above.AsInt32(), Vector256.Create(c), argMax);
                    zy = Vector256.ConditionalSelect(Vector256.Equals(y, Vector256.Create(c)).AsSingle(), zc, zy);   // z_y
                }
                if (Vector256.EqualsAny(max, Vector256.Create(float.NegativeInfinity))) { groups = group; break; }   // this group on: row by row
                right += BitOperations.PopCount(Vector256.Equals(argMax, y).ExtractMostSignificantBits());
                Vector256.Store(max, rowMax + group * Rows);
                Vector256.Store(zy, rowZy + group * Rows);
            }
        }
        int t = groups * Rows;
        if (t == 0) return 0;
        var negligible = Vector256.Create(Training.BatchGradient.NegligibleBelowMax);
        for (int group = 0; group < groups; group++)
        {
            float* eg = e + group * Rows * k;
            var max = Vector256.Load(rowMax + group * Rows);
            for (int c = 0; c < k; c++)
            {
                var d = Vector256.Load(eg + c * Rows) - max;                                          // z − m ≤ 0
                Vector256.Store(Vector256.ConditionalSelect(Vector256.LessThan(d, negligible), Vector256.Create(float.NegativeInfinity), d), eg + c * Rows);   // ŷ = 0 for a negligible class
            }
        }
        ExpKernel.Exp(new ReadOnlySpan<float>(e, t * k), new Span<float>(e, t * k));                   // e^(z − m), all the rows at once
        var scale = Vector256.Create(inverseM);
        fixed (int* yp = labels)
            for (int group = 0; group < groups; group++)
            {
                float* eg = e + group * Rows * k;
                var sum = Vector256<float>.Zero;
                for (int c = 0; c < k; c++) sum += Vector256.Load(eg + c * Rows);                     // Σ e^(z − m), class after class
                var inverse = Vector256.Create(1f) / sum;
                var y = Vector256.Load(yp + group * Rows);
                for (int c = 0; c < k; c++)
                {
                    var yHat = Vector256.Load(eg + c * Rows) * inverse;                               // ŷ = e^(z − m) / Σ e^(z − m)
                    var hot = Vector256.ConditionalSelect(Vector256.Equals(y, Vector256.Create(c)).AsSingle(), Vector256.Create(1f), Vector256<float>.Zero);
                    Vector256.Store((yHat - hot) * scale, eg + c * Rows);                              // ∂L/∂z = (ŷ − y) / m
                }
                var loss = Vector256.Load(rowMax + group * Rows) + LogKernel.Log(sum) - Vector256.Load(rowZy + group * Rows);   // L = m + log Σ e^(z − m) − z_y (MathF.Log's numbers)
                Vector256.Store(loss, rowLoss + group * Rows);
            }
        double total = lossSum;
        for (int r = 0; r < t; r++) total += rowLoss[r];                                               // added row after row
        (lossSum, correct) = (total, correct + right);
        fixed (float* gp = g, gb = gradB)
        fixed (int* order = rowMajor)
        {
            for (int group = 0; group < groups; group++)                                               // g [t, k], row-major
            {
                float* eg = e + group * Rows * k, gg = gp + group * Rows * k;
                for (int i = 0; i < k; i++) Vector256.Store(Avx2.GatherVector256(eg, Vector256.Load(order + i * Rows), 4), gg + i * Rows);
            }
            var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            for (int c = 0; c < k; c += 2 * Rows)                                                      // ∇b += g, row after row, sixteen classes at a time
            {
                var low = Vector256.LessThan(Vector256.Create(c) + lane, Vector256.Create(k)).AsSingle();
                var high = Vector256.LessThan(Vector256.Create(c + Rows) + lane, Vector256.Create(k)).AsSingle();
                var bLow = Avx.MaskLoad(gb + c, low);
                var bHigh = Avx.MaskLoad(gb + c + Rows, high);
                for (int r = 0; r < t; r++)
                {
                    bLow += Avx.MaskLoad(gp + r * k + c, low);
                    bHigh += Avx.MaskLoad(gp + r * k + c + Rows, high);
                }
                Avx.MaskStore(gb + c, low, bLow);
                Avx.MaskStore(gb + c + Rows, high, bHigh);
            }
        }
        return t;
    }
}
