using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoftmaxSharp.Kernels;

/// <summary>
/// Softmax and cross-entropy of eight rows at once, a row in each lane of a Vector256: a row has only k scores (ten for
/// Fashion-MNIST, too few to fill vectors), but score c of eight rows fills one. For each row, as the scalar loop of
/// <see cref="Training.BatchGradient.CrossEntropyTile"/> does it, with the same operations in the same order, so the same numbers:
/// <code>
///   z = Wx + b,  m = max z (the first maximum is the prediction),  ŷ = e^(z − m) / Σ e^(z − m)
///   L = m + log Σ e^(z − m) − z_y,  g = ∂L/∂z = (ŷ − y)/m_batch,  ∇b += g (row after row)
/// </code>
/// </summary>
internal static class CrossEntropyLanes
{
    /// <summary>Rows per call: the lanes of a Vector256 of floats.</summary>
    public const int Rows = 8;
    /// <summary>The most classes it takes (its scratch is on the stack); more go row by row.</summary>
    public const int MaxClasses = 32;

    /// <summary>True when this CPU runs it (AVX2 gathers, the vector e^x and log x).</summary>
    public static readonly bool Supported = Avx2.IsSupported && ExpKernel.Vectorized && LogKernel.Vectorized;

    /// <summary>
    /// The eight rows z [8, k] (row-major, Z = X Wᵀ without b) with labels <paramref name="labels"/>: writes
    /// g [8, k] = ∂L/∂z, adds it to ∇b row after row, adds each row's loss to <paramref name="lossSum"/> in row order and
    /// counts the rows predicted right. Returns false, having written nothing, when some row's scores have no maximum
    /// (all −∞ or NaN: a diverged model), for the scalar loop to take those rows as <see cref="Core.Softmax.Stable"/> does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]      // a long SIMD loop kept out of its caller (profile-guided inlining made such loops slower)
    [SkipLocalsInit]                                // its scratch is written before it is read: no zeroing of 2 KB a call
    public static unsafe bool EightRows(ReadOnlySpan<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<int> labels, float inverseM,
        Span<float> g, Span<float> gradB, ref double lossSum, ref int correct)
    {
        int k = bias.Length;
        if (k > MaxClasses || z.Length < Rows * k || g.Length < Rows * k || labels.Length < Rows || gradB.Length < k)
            throw new ArgumentException($"eight rows of at most {MaxClasses} classes");
        float* scores = stackalloc float[Rows * MaxClasses];        // z + b, class-major: [k, 8]
        float* e = stackalloc float[Rows * MaxClasses];             // e^(z − m), then g, class-major
        float* rowMax = stackalloc float[Rows];                     // m of each row
        int* rowArgMax = stackalloc int[Rows];                      // where
        float* rowSum = stackalloc float[Rows];                     // Σ e^(z − m), then its log
        // (What is needed after the calls below, e^x and log x, goes through these buffers, stored once: of a vector live across a
        // call, the JIT keeps a copy on the stack, stored at every change inside the loops, and the loops wait on those stores.)
        fixed (float* zp = z)
        {
            var rowStart = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * k;
            var max = Vector256.Create(float.NegativeInfinity);
            var argMax = Vector256<int>.Zero;
            for (int c = 0; c < k; c++)
            {
                var zc = Avx2.GatherVector256(zp + c, rowStart, 4) + Vector256.Create(bias[c]);   // z = Wx + b, class c of each row
                Vector256.Store(zc, scores + c * Rows);
                var above = Vector256.GreaterThan(zc, max);          // false for NaN, as the scalar `zc > max`
                max = Vector256.ConditionalSelect(above, zc, max);   // m = max z, and where
                argMax = Vector256.ConditionalSelect(above.AsInt32(), Vector256.Create(c), argMax);
            }
            if (Vector256.EqualsAny(max, Vector256.Create(float.NegativeInfinity))) return false;
            var negligible = Vector256.Create(Training.BatchGradient.NegligibleBelowMax);
            for (int c = 0; c < k; c++)
            {
                var d = Vector256.Load(scores + c * Rows) - max;                                          // z − m ≤ 0
                Vector256.Store(Vector256.ConditionalSelect(Vector256.LessThan(d, negligible), Vector256.Create(float.NegativeInfinity), d), e + c * Rows);   // ŷ = 0 for a negligible class
            }
            Vector256.Store(max, rowMax);
            Vector256.Store(argMax, rowArgMax);
        }
        ExpKernel.Exp(new ReadOnlySpan<float>(e, k * Rows), new Span<float>(e, k * Rows));             // e^(z − m)
        var sum = Vector256<float>.Zero;
        for (int c = 0; c < k; c++) sum += Vector256.Load(e + c * Rows);                               // Σ e^(z − m), class after class
        Vector256.Store(sum, rowSum);
        var y = Vector256.Create(labels[0], labels[1], labels[2], labels[3], labels[4], labels[5], labels[6], labels[7]);
        var inverse = Vector256.Create(1f) / sum;
        var scale = Vector256.Create(inverseM);
        for (int c = 0; c < k; c++)
        {
            var yHat = Vector256.Load(e + c * Rows) * inverse;                                          // ŷ = e^(z − m) / Σ e^(z − m)
            var hot = Vector256.ConditionalSelect(Vector256.Equals(y, Vector256.Create(c)).AsSingle(), Vector256.Create(1f), Vector256<float>.Zero);
            Vector256.Store((yHat - hot) * scale, e + c * Rows);                                         // ∂L/∂z = (ŷ − y) / m
        }
        Vector256.Store(LogKernel.Log(Vector256.Load(rowSum)), rowSum);                                // log Σ e^(z − m), MathF.Log's numbers
        double loss = lossSum;
        int right = correct;
        for (int r = 0; r < Rows; r++)
        {
            int label = labels[r];
            loss += rowMax[r] + rowSum[r] - scores[label * Rows + r];                                  // L = logsumexp(z) − z_y, added row after row
            if (rowArgMax[r] == label) right++;
        }
        (lossSum, correct) = (loss, right);
        fixed (float* gp = g)
            for (int c = 0; c < k; c++)
            {
                float* gc = e + c * Rows;
                float b = gradB[c];
                for (int r = 0; r < Rows; r++)
                {
                    gp[r * k + c] = gc[r];
                    b += gc[r];                                                                         // ∇b += ∂L/∂z, row after row
                }
                gradB[c] = b;
            }
        return true;
    }
}
