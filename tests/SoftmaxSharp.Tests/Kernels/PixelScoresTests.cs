using SoftmaxSharp.Data;
using SoftmaxSharp.Kernels;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Kernels;

/// <summary>Gathering pixel rows and scoring them in one pass gives the tile and the scores of Gather, then ScoresTile, bit for bit.</summary>
public class PixelScoresTests
{
    [Theory]
    [InlineData(784, 64, 10)]                                     // Fashion-MNIST's tiles
    [InlineData(784, 7, 10)]                                      // one group of four, then three rows as Gather and ScoresTile
    [InlineData(40, 13, 10)]                                      // 32 columns by sixteen, then eight
    [InlineData(29, 8, 10)]                                       // sixteen, eight, then a tail of five
    [InlineData(100, 5, 10)]                                      // sixteen at a time two steps ahead up to 96, then a tail of four
    [InlineData(8, 6, 10)]                                        // a single chunk
    [InlineData(784, 32, 5)]                                      // a thread's half of the classes in a batch of 32
    [InlineData(29, 7, 5)]
    [InlineData(40, 13, 5)]                                       // 32 columns by sixteen, then eight
    [InlineData(100, 5, 5)]                                       // sixteen up to 96, then a tail of four
    [InlineData(8, 6, 5)]                                         // eight only
    public void SameTileAndScoresAsGatherThenScoresTile(int d, int t, int k)
    {
        if (!PixelScores.Supported) return;                       // (this CPU gathers, then scores)
        int n = 3 * t + 20;
        var random = new Random(d * 100 + t);
        var pixels = new byte[n * d];
        random.NextBytes(pixels);
        var data = new Dataset(pixels, new int[n], Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), Enumerable.Range(0, 10).Select(c => $"c{c}").ToArray());
        var source = new RowSource(data, FeatureScaler.Fit(Scaling.Pixels, data));
        Assert.True(source.ScoresPixels(k));
        float[] weights = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var packed = new float[k * d];
        PixelScores.Pack(weights, d, packed);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);

        var expectedTile = new float[t * d];
        var expectedZ = new float[t * k];
        source.Gather(order.AsSpan(5, t), expectedTile);
        LinearKernels.ScoresTile(weights, expectedTile, t, expectedZ);

        var tile = new float[t * d];
        var z = new float[t * k];
        source.GatherScores(order.AsSpan(5, t), tile, packed, weights, z, RowSource.Upcoming(order, 5));

        Assert.Equal(Bits(expectedTile), Bits(tile));
        Assert.Equal(Bits(expectedZ), Bits(z));
    }

    [Theory]
    [InlineData(784, 10)]                                         // sixteen pixels at a time (Conversions.UnitByBits)
    [InlineData(8, 10)]                                           // eight, into both halves (UnitByBitsTwice)
    [InlineData(24, 5)]                                           // sixteen, then eight, five classes
    public void EveryByteIsScaledToItsQuotientBy255(int d, int k)
    {
        if (!PixelScores.Supported) return;
        var weights = new float[k * d];
        var packed = new float[k * d];
        PixelScores.Pack(weights, d, packed);
        var x = new float[4 * d];
        var z = new float[4 * k];
        for (int start = 0; start < 256; start += 4 * d)           // every byte value in every lane of the kernel's loop
        {
            byte[][] rows = [.. Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, d).Select(j => (byte)(start + r * d + j)).ToArray())];
            if (k == PixelScores.Classes) PixelScores.FourRows(packed, weights, rows[0], rows[1], rows[2], rows[3], x, z);
            else PixelScores.FourRowsFive(packed, weights, rows[0], rows[1], rows[2], rows[3], x, z);
            for (int i = 0; i < 4 * d; i++) Assert.Equal(BitConverter.SingleToInt32Bits(rows[i / d][i % d] / 255f), BitConverter.SingleToInt32Bits(x[i]));
        }
    }

    [Fact]
    public void PackPutsEachPairOfClassesSideBySide()
    {
        int d = 19, k = PixelScores.Classes;
        float[] weights = Enumerable.Range(0, k * d).Select(i => (float)i).ToArray();
        var packed = new float[k * d];
        PixelScores.Pack(weights, d, packed);
        // chunk 1 (columns 8..15), pair 2 (classes 4, 5): W[4, 8..15] then W[5, 8..15]
        int at = (1 * 5 + 2) * 16;
        Assert.Equal(Enumerable.Range(4 * d + 8, 8).Select(i => (float)i), packed.Skip(at).Take(8));
        Assert.Equal(Enumerable.Range(5 * d + 8, 8).Select(i => (float)i), packed.Skip(at + 8).Take(8));
        Assert.All(packed.Skip(k * 16), v => Assert.Equal(0f, v));   // the last d mod 8 columns stay in W

        var five = new float[5 * d];
        PixelScores.Pack(weights.AsSpan(0, 5 * d), d, five);      // (0, 1), (2, 3), then class 4 alone: 40 floats a chunk
        Assert.Equal(Enumerable.Range(2 * d + 8, 8).Select(i => (float)i), five.Skip(40 + 16).Take(8));
        Assert.Equal(Enumerable.Range(4 * d + 8, 8).Select(i => (float)i), five.Skip(40 + 32).Take(8));
    }

    static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
