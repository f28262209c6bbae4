using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>SeededRandom draws what new Random(seed) draws, so a seed trains the models it always trained.</summary>
public class SeededRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(-5)]
    [InlineData(161803398)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void DrawsAndShufflesAsSystemRandom(int seed)
    {
        var expected = new Random(seed);
        var actual = new SeededRandom(seed);
        for (int i = 0; i < 1000; i++) Assert.Equal(expected.NextDouble(), actual.NextDouble());   // the initial weights' draws
        foreach (int n in new[] { 0, 1, 2, 3, 10, 60_000 })
        {
            int[] a = Enumerable.Range(0, n).ToArray(), b = Enumerable.Range(0, n).ToArray();
            for (int epoch = 0; epoch < 3; epoch++)
            {
                expected.Shuffle(a);
                actual.Shuffle(b);
                Assert.Equal(a, b);
            }
        }
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(expected.Next(), actual.Next());
            Assert.Equal(expected.Next(1000), actual.Next(1000));
            Assert.Equal(expected.Next(-7, 7), actual.Next(-7, 7));
        }
    }

    [Fact]
    public void ShuffleMovesRows()
    {
        var order = Enumerable.Range(0, 100).ToArray();
        new SeededRandom(3).Shuffle(order);
        Assert.NotEqual(Enumerable.Range(0, 100), order);
        Assert.Equal(Enumerable.Range(0, 100), order.Order());
    }
}
