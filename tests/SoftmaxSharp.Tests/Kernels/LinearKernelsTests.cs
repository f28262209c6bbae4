using System.Runtime.Intrinsics;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

/// <summary>The Vector256 kernels against their scalar reference, on every length that exercises a tail.</summary>
public class LinearKernelsTests
{
    static float[] RandomArray(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    [Fact]
    public void EightSumsAndFourSumsAreVector256SumBitForBit()
    {
        if (!System.Runtime.Intrinsics.X86.Avx.IsSupported) return;                 // (the kernels that use them need AVX)
        var random = new Random(11);
        var v = new Vector256<float>[8];
        for (int trial = 0; trial < 20_000; trial++)
        {
            for (int i = 0; i < 8; i++)                                                 // magnitudes 2^-20 … 2^20, both signs: sums that round
                v[i] = Vector256.Create(Enumerable.Range(0, 8)
                    .Select(_ => (float)(random.NextDouble() * 2 - 1) * MathF.Pow(2, random.Next(-20, 21))).ToArray());
            var eight = LinearKernels.EightSums(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            var four = LinearKernels.FourSums(v[0], v[1], v[2], v[3]);
            for (int i = 0; i < 8; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(Vector256.Sum(v[i])), BitConverter.SingleToInt32Bits(eight[i]));
            for (int i = 0; i < 4; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(Vector256.Sum(v[i])), BitConverter.SingleToInt32Bits(four[i]));
        }
    }

    public static TheoryData<int> ClassCounts => new() { 1, 2, 3, 4, 5, 7, 8, 10, 13, 15, 20 };   // 5, 10, 15, 20: the five-class blocks

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void ScoresVectorizedEqualsScalarForEveryLength(int k)
    {
        var random = new Random(k);
        for (int d = 1; d <= 80; d++)
        {
            float[] w = RandomArray(random, k * d), x = RandomArray(random, d);
            var scalar = new float[k];
            var vector = new float[k];
            LinearKernels.Scores(w, x, scalar, vectorized: false);
            LinearKernels.Scores(w, x, vector, vectorized: true);
            for (int c = 0; c < k; c++)
            {
                double exact = 0;
                for (int j = 0; j < d; j++) exact += (double)w[c * d + j] * x[j];
                Assert.True(Math.Abs(scalar[c] - exact) <= 1e-5 * d, $"scalar d={d} c={c}: {scalar[c]} vs {exact}");
                Assert.True(Math.Abs(vector[c] - exact) <= 1e-5 * d, $"vector d={d} c={c}: {vector[c]} vs {exact}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void ScoresTileVectorizedEqualsScalarForEveryLengthAndTile(int k)
    {
        var random = new Random(50 + k);
        foreach (int d in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 70 })
            foreach (int t in new[] { 0, 1, 2, 3, 5, 8 })
            {
                float[] w = RandomArray(random, k * d), x = RandomArray(random, t * d);
                var scalar = new float[t * k];
                var vector = new float[t * k];
                LinearKernels.ScoresTile(w, x, t, scalar, vectorized: false);
                LinearKernels.ScoresTile(w, x, t, vector, vectorized: true);
                for (int r = 0; r < t; r++)
                    for (int c = 0; c < k; c++)
                    {
                        double exact = 0;
                        for (int j = 0; j < d; j++) exact += (double)w[c * d + j] * x[r * d + j];
                        Assert.True(Math.Abs(scalar[r * k + c] - exact) <= 1e-5 * d, $"scalar d={d} t={t} r={r} c={c}");
                        Assert.True(Math.Abs(vector[r * k + c] - exact) <= 1e-5 * d, $"vector d={d} t={t} r={r} c={c}");
                    }
            }
    }

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void OuterProductEqualsClearingThenAccumulating(int k)
    {
        // ∇W = Gᵀ X overwrites whatever ∇W held (NaN included): the numbers of a cleared ∇W plus Gᵀ X, bit for bit.
        var random = new Random(200 + k);
        foreach (bool vectorized in new[] { true, false })
            foreach (int d in new[] { 1, 7, 8, 16, 17, 33, 70 })
                foreach (int t in new[] { 0, 1, 3, 8 })
                {
                    float[] x = RandomArray(random, t * d), g = RandomArray(random, t * k);
                    float[] overwritten = Enumerable.Repeat(float.NaN, k * d).ToArray(), accumulated = new float[k * d];
                    LinearKernels.OuterProduct(g, x, overwritten, k, vectorized);
                    LinearKernels.AccumulateOuter(g, x, accumulated, k, vectorized);
                    Assert.Equal(accumulated, overwritten);
                }
    }

    [Theory]
    [MemberData(nameof(ClassCounts))]
    public void AccumulateOuterVectorizedEqualsScalarForEveryLengthAndTile(int k)
    {
        var random = new Random(100 + k);
        foreach (int d in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 70 })
            foreach (int t in new[] { 0, 1, 2, 3, 5, 8 })
            {
                float[] x = RandomArray(random, t * d), g = RandomArray(random, t * k), start = RandomArray(random, k * d);
                float[] scalar = (float[])start.Clone(), vector = (float[])start.Clone();
                LinearKernels.AccumulateOuter(g, x, scalar, k, vectorized: false);
                LinearKernels.AccumulateOuter(g, x, vector, k, vectorized: true);
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < d; j++)
                    {
                        double exact = start[c * d + j];
                        for (int r = 0; r < t; r++) exact += (double)g[r * k + c] * x[r * d + j];
                        Assert.True(Math.Abs(scalar[c * d + j] - exact) <= 1e-5, $"scalar d={d} t={t} c={c} j={j}");
                        Assert.True(Math.Abs(vector[c * d + j] - exact) <= 1e-5, $"vector d={d} t={t} c={c} j={j}");
                    }
            }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    public void AccumulateOuterIsTheSameBitForBitInVector512AndVector256(int k)
    {
        // The wide kernels (ten classes at once when k is a multiple of ten, else five) run each element's FMAs in the same order as the 256-bit one, so the JIT-compiled tool on
        // an AVX-512 machine and the native binary (built for AVX2) train the same model.
        var random = new Random(300 + k);
        foreach (bool overwrite in new[] { false, true })
            foreach (int d in new[] { 16, 31, 32, 33, 47, 48, 63, 64, 70, 784 })
                foreach (int t in new[] { 0, 1, 2, 3, 8, 64 })
                {
                    float[] x = RandomArray(random, t * d), g = RandomArray(random, t * k), start = RandomArray(random, k * d);
                    float[] narrow = (float[])start.Clone(), wide = (float[])start.Clone();
                    LinearKernels.AccumulateOuter(g, x, narrow, k, vectorized: true, overwrite, wide: false);
                    LinearKernels.AccumulateOuter(g, x, wide, k, vectorized: true, overwrite, wide: true);
                    Assert.Equal(narrow, wide);
                    if (t > 0 && !overwrite) Assert.NotEqual(start, wide);
                }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    public void ScoresAreTheSameBitForBitInVector512AndVector256(int k)
    {
        // Two classes to a 512-bit register, one to each half, four rows at a time: every score summed as the 256-bit kernel sums it,
        // including a tile's last pair and lone row (6 = a quad and a pair, 7 = and a lone row).
        var random = new Random(400 + k);
        foreach (int d in new[] { 8, 9, 15, 16, 17, 31, 64, 70, 784 })
            foreach (int rows in new[] { 1, 2, 3, 4, 6, 7, 8, 64 })
            {
                float[] w = RandomArray(random, k * d), x = RandomArray(random, rows * d);
                float[] narrow = new float[rows * k], wide = new float[rows * k];
                LinearKernels.ScoresTile(w, x, rows, narrow, vectorized: true, wide: false);
                LinearKernels.ScoresTile(w, x, rows, wide, vectorized: true, wide: true);
                Assert.Equal(narrow, wide);
            }
    }

    [Fact]
    public void BytesToFloatsIsExactForEveryLength()
    {
        var random = new Random(3);
        for (int n = 0; n <= 100; n++)
        {
            var bytes = new byte[n];
            random.NextBytes(bytes);
            var floats = new float[n];
            Conversions.BytesToFloats(bytes, floats);
            for (int i = 0; i < n; i++) Assert.Equal(bytes[i], floats[i]);
        }
    }

    public static TheoryData<int> PixelVectorWidths()
    {
        var widths = new TheoryData<int> { 0 };                   // the scalar reference, then every vector path this CPU runs
        if (Conversions.PixelVectorBits >= 256) widths.Add(256);
        if (Conversions.PixelVectorBits >= 512) widths.Add(512);
        return widths;
    }

    [Theory]
    [MemberData(nameof(PixelVectorWidths))]
    public void PixelsToUnitEqualsDivisionBy255ForEveryByteAndLength(int vectorBits)
    {
        var every = new byte[256];
        for (int b = 0; b < 256; b++) every[b] = (byte)b;
        var unit = new float[256];
        Conversions.PixelsToUnit(every, unit, vectorBits);
        for (int b = 0; b < 256; b++) Assert.Equal(BitConverter.SingleToInt32Bits(b / 255f), BitConverter.SingleToInt32Bits(unit[b]));

        var random = new Random(4);
        for (int n = 0; n <= 100; n++)
        {
            var bytes = new byte[n];
            random.NextBytes(bytes);
            var floats = new float[n];
            Conversions.PixelsToUnit(bytes, floats, vectorBits);
            for (int i = 0; i < n; i++) Assert.Equal(bytes[i] / 255f, floats[i]);
        }
    }
}
