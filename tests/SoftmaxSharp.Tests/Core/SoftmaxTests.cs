using SoftmaxSharp.Core;

namespace SoftmaxSharp.Tests.Core;

public class SoftmaxTests
{
    // Lecture 000 prints numpy's stable softmax to 8 decimals; float32 holds about 7 significant digits.
    const int Decimals = 6;

    [Theory]
    [InlineData(1f, 2f, 3f, 0.09003057, 0.24472847, 0.66524096)]
    [InlineData(1000f, 1001f, 1002f, 0.09003057, 0.24472847, 0.66524096)]   // naive e^z overflows to NaN here
    [InlineData(1f, 1001f, 1002f, 0.0, 0.26894142, 0.73105858)]             // e^(1 − 1002) underflows to 0, not NaN
    public void Of_GivesTheLecturesProbabilities(float z0, float z1, float z2, double p0, double p1, double p2)
    {
        float[] p = Softmax.Of(z0, z1, z2);

        Assert.Equal(p0, p[0], Decimals);
        Assert.Equal(p1, p[1], Decimals);
        Assert.Equal(p2, p[2], Decimals);
    }

    [Fact]
    public void Stable_ReturnsTheLogSumExp()
    {
        var p = new float[3];

        float logSumExp = Softmax.Stable([1000f, 1001f, 1002f], p);

        double expected = 1002 + Math.Log(Math.Exp(-2) + Math.Exp(-1) + 1);
        Assert.Equal(expected, logSumExp, 3);                    // 1002.41 in float: ~1e-4 resolution
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(257)]                                            // above CrossEntropy's stackalloc limit
    public void Probabilities_AreInUnitIntervalAndSumToOne(int k)
    {
        var random = new Random(k);
        for (int trial = 0; trial < 20; trial++)
        {
            var z = new float[k];
            for (int i = 0; i < k; i++) z[i] = (float)((random.NextDouble() - 0.5) * 40);

            float[] p = Softmax.Of(z);

            double sum = 0;
            foreach (float pi in p)
            {
                Assert.InRange(pi, 0f, 1f);
                sum += pi;
            }
            Assert.Equal(1.0, sum, 5);
        }
    }

    [Theory]
    [InlineData(-1000f)]
    [InlineData(-3.5f)]
    [InlineData(7f)]
    [InlineData(1e4f)]
    public void AddingAConstantToEveryScore_LeavesTheProbabilitiesUnchanged(float constant)
    {
        // Scores in steps of 1/8 so that z + c is exact in float and the test checks softmax, not rounding.
        var random = new Random(42);
        var z = new float[6];
        for (int i = 0; i < z.Length; i++) z[i] = random.Next(-64, 64) / 8f;
        var shifted = z.Select(v => v + constant).ToArray();

        float[] p = Softmax.Of(z), q = Softmax.Of(shifted);

        for (int i = 0; i < z.Length; i++) Assert.Equal(p[i], q[i], 6);
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(1f, 3f)]
    [InlineData(-2.5f, 0.75f)]
    [InlineData(10f, -10f)]
    [InlineData(-40f, 40f)]
    [InlineData(100f, -100f)]
    public void TwoClassSoftmax_IsTheSigmoidOfTheScoreDifference(float z0, float z1)
    {
        // Lecture 002: e^z1 / (e^z0 + e^z1) = 1 / (1 + e^−(z1 − z0)).
        float[] p = Softmax.Of(z0, z1);

        Assert.Equal(Sigmoid.Of((double)z1 - z0), p[1], 6);
        Assert.Equal(Sigmoid.Of((double)z0 - z1), p[0], 6);
    }

    [Fact]
    public void Stable_MayWriteIntoItsOwnInput()
    {
        float[] z = [1f, 2f, 3f];

        Softmax.Stable(z, z);

        Assert.Equal(Softmax.Of(1f, 2f, 3f), z);
    }

    [Fact]
    public void Rows_AppliesSoftmaxToEachRowOnItsOwn()
    {
        float[] scores = [1f, 2f, 3f, 1000f, 1001f, 1002f];
        var p = new float[6];

        Softmax.Rows(scores, 3, p);

        Assert.Equal(p[..3], p[3..]);
        Assert.Equal(0.66524096, p[5], Decimals);
    }

    [Theory]
    [InlineData(10, 150)]                                           // more rows than one block of 64: 64, 64, 22
    [InlineData(3, 7)]
    [InlineData(1, 5)]
    public void Rows_GivesStablesNumbersBitForBit_InPlaceToo(int k, int rows)
    {
        var random = new Random(k * 100 + rows);
        float[] scores = Enumerable.Range(0, rows * k).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
        scores[0] = float.NaN;                                      // a NaN row, an all −∞ row, a far-off score
        if (rows > 2) for (int c = 0; c < k; c++) scores[2 * k + c] = float.NegativeInfinity;
        scores[^1] = 1e30f;
        var expected = new float[rows * k];
        for (int r = 0; r < rows; r++) Softmax.Stable(scores.AsSpan(r * k, k), expected.AsSpan(r * k, k));

        var p = new float[rows * k];
        Softmax.Rows(scores, k, p);
        float[] inPlace = (float[])scores.Clone();
        Softmax.Rows(inPlace, k, inPlace);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), p.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), inPlace.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Stable_RejectsAnEmptyVectorAndAShortDestination()
    {
        Assert.Throws<ArgumentException>(() => Softmax.Stable([], new float[1]));
        Assert.Throws<ArgumentException>(() => Softmax.Stable([1f, 2f], new float[1]));
    }
}
