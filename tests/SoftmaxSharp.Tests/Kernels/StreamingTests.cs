using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

public class StreamingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]       // a tail only
    [InlineData(8)]       // one 256-bit vector
    [InlineData(16)]      // one 512-bit vector
    [InlineData(7840)]    // ∇W of Fashion-MNIST
    [InlineData(7843)]    // vectors, then a tail
    public void CopyPastCachesCopiesEveryFloat(int length)
    {
        var random = new Random(length);
        var source = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var aligned = AlignedArrays.Floats(length + 3);
        Streaming.CopyPastCaches(source, aligned);
        Assert.Equal(source, aligned[..length]);
        Assert.All(aligned[length..], value => Assert.Equal(0f, value));   // nothing written past the source's length

        var unaligned = new float[length + 1];                              // (an ordinary array: aligned or not, the same floats)
        Streaming.CopyPastCaches(source, unaligned);
        Assert.Equal(source, unaligned[..length]);

        var fetched = Enumerable.Range(0, length + 5).Select(i => (float)i).ToArray();   // asking for another buffer as it copies
        var alongside = AlignedArrays.Floats(length);
        Streaming.CopyPastCaches(source, alongside, fetched);
        Assert.Equal(source, alongside);
        Assert.Equal(Enumerable.Range(0, length + 5).Select(i => (float)i), fetched);   // read, not written
    }

    [Fact]
    public void CopyPastCachesRefusesAShorterDestination() =>
        Assert.Throws<ArgumentException>(() => Streaming.CopyPastCaches(new float[9], new float[8]));
}
