using SoftmaxSharp.Kernels;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Kernels;

/// <summary>The cross-entropy of a tile, eight rows to a vector, gives the row-by-row loop's numbers bit for bit.</summary>
public class CrossEntropyLanesTests
{
    [Theory]
    [InlineData(2, 8)]
    [InlineData(3, 9)]
    [InlineData(10, 64)]                                          // Fashion-MNIST's tiles
    [InlineData(10, 21)]                                          // groups of eight, then five rows one by one
    [InlineData(17, 16)]
    [InlineData(32, 40)]                                          // the most classes the lanes take
    [InlineData(33, 16)]                                          // one more: row by row throughout
    [InlineData(10, 7)]                                           // fewer rows than lanes
    [InlineData(10, 200)]                                         // more rows than one call takes: 64, 64, 64, then eight
    [InlineData(3, 75)]                                           // Iris: 64, then eight, then three row by row
    public void TileEqualsRowByRowBitForBit(int k, int t)
    {
        var random = new Random(31 * k + t);
        float[] z = Enumerable.Range(0, t * k).Select(_ => (float)(random.NextDouble() * 40 - 20)).ToArray();
        z[0] = 150f;                                              // z − m beyond e^x's main range for the rest of row 0
        if (t > 3) z[3 * k + 1] = z[3 * k];                      // a tie: the first maximum is the prediction
        AssertSameAsRows(z, k, t, random);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.PositiveInfinity)]
    public void RowsWithoutAFiniteMaximumGiveTheRowByRowNumbers(float special)
    {
        int k = 10, t = 24;
        var random = new Random(5);
        float[] z = Enumerable.Range(0, t * k).Select(_ => (float)random.NextDouble()).ToArray();
        for (int c = 0; c < k; c++) z[9 * k + c] = special;     // row 9 (the second group) all special
        z[2 * k + 4] = special;                                   // and one score of row 2
        AssertSameAsRows(z, k, t, random);
    }

    static void AssertSameAsRows(float[] z, int k, int t, Random random)
    {
        int n = t + 5;
        int[] labels = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        int[] tile = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(t).ToArray();
        float[] bias = Enumerable.Range(0, k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] gradB = Enumerable.Range(0, k).Select(_ => (float)random.NextDouble()).ToArray();
        float inverseM = 1f / 37;

        float[] expectedGradB = (float[])gradB.Clone(), expectedG = new float[t * k];
        double expectedLoss = 0;
        int expectedCorrect = 0;
        BatchGradient.CrossEntropyRows((float[])z.Clone(), bias, labels, tile, inverseM, expectedG, expectedGradB, new float[t], ref expectedLoss, ref expectedCorrect);

        var g = new float[t * k];
        var (loss, correct) = BatchGradient.CrossEntropyTile((float[])z.Clone(), bias, labels, tile, inverseM, g, gradB, new float[t]);

        Assert.Equal(Bits(expectedG), Bits(g));
        Assert.Equal(Bits(expectedGradB), Bits(gradB));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedLoss), BitConverter.DoubleToInt64Bits(loss));
        Assert.Equal(expectedCorrect, correct);
    }

    [Fact]
    public void LanesTakeWholeGroupsUpToTheFirstRowWithoutAMaximumAndLeaveTheRestUntouched()
    {
        if (!CrossEntropyLanes.Supported) return;                 // (this CPU runs the row-by-row loop alone)
        int k = 10, rows = 3 * CrossEntropyLanes.Rows + 5;
        float[] z = Enumerable.Range(0, rows * k).Select(i => (float)Math.Sin(i)).ToArray(), bias = new float[k], g = new float[rows * k], gradB = new float[k];
        int[] labels = Enumerable.Range(0, rows).Select(r => r % k).ToArray();
        double loss = 0;
        int correct = 0;
        Assert.Equal(3 * CrossEntropyLanes.Rows, CrossEntropyLanes.TakeRows(z, bias, labels, 1f, g, gradB, ref loss, ref correct));   // the last five: row by row
        Assert.True(loss > 0);
        Assert.All(g.Skip(3 * CrossEntropyLanes.Rows * k), v => Assert.Equal(0f, v));

        for (int c = 0; c < k; c++) z[12 * k + c] = float.NegativeInfinity;  // row 12, in the second group, has no maximum
        Array.Clear(g);
        Array.Clear(gradB);
        loss = 0;
        Assert.Equal(CrossEntropyLanes.Rows, CrossEntropyLanes.TakeRows(z, bias, labels, 1f, g, gradB, ref loss, ref correct));
        Assert.True(loss > 0);
        Assert.Contains(g.Take(CrossEntropyLanes.Rows * k), v => v != 0f);
        Assert.All(g.Skip(CrossEntropyLanes.Rows * k), v => Assert.Equal(0f, v));
        for (int c = 0; c < k; c++)                               // ∇b holds the first group's g alone
            Assert.Equal(Enumerable.Range(0, CrossEntropyLanes.Rows).Aggregate(0f, (b, r) => b + g[r * k + c]), gradB[c]);
    }

    [Fact]
    public void ClassesFarBelowTheMaximumGetZeroAndNoGradientIsSubnormal()
    {
        int k = 10, t = 16;
        float[] below = [0f, -10f, -63.9f, -64.1f, -70f, -87.5f, -90f, -103.9f, -110f, -300f];   // z − m of the ten classes
        var random = new Random(8);
        float[] z = new float[t * k], bias = new float[k], g = new float[t * k], gradB = new float[k];
        int[] labels = new int[t], tile = Enumerable.Range(0, t).ToArray();
        for (int r = 0; r < t; r++)
        {
            float shift = (float)(random.NextDouble() * 20 - 10);
            for (int c = 0; c < k; c++) z[r * k + (c + r) % k] = below[c] + shift;   // each row its own order of the classes
            labels[r] = random.Next(k);
        }
        float inverseM = 1f / 60_000;                            // the full batch: the smallest g
        var (loss, _) = BatchGradient.CrossEntropyTile((float[])z.Clone(), bias, labels, tile, inverseM, g, gradB, new float[t]);

        float smallestNormal = BitConverter.Int32BitsToSingle(0x00800000);
        double expectedLoss = 0;
        for (int r = 0; r < t; r++)
        {
            double max = z.Skip(r * k).Take(k).Max(), sum = z.Skip(r * k).Take(k).Sum(v => Math.Exp(v - max));
            expectedLoss += max + Math.Log(sum) - z[r * k + labels[r]];
            for (int c = 0; c < k; c++)
            {
                float gc = g[r * k + c];
                Assert.True(gc == 0f || Math.Abs(gc) >= smallestNormal, $"row {r}, class {c}: subnormal g {gc:R}");
                if (c == labels[r]) continue;
                if (z[r * k + c] - max < BatchGradient.NegligibleBelowMax) Assert.Equal(0f, gc);   // ŷ = 0
                else Assert.True(gc > 0f);                        // ŷ/m, kept
            }
        }
        Assert.Equal(expectedLoss, loss, 1e-5 * expectedLoss);   // the dropped e^(z − m) < 1.6·10⁻²⁸ change no sum
    }

    static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
