using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

public class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(47_040_000)]   // Fashion-MNIST's training pixels
    public void BytesAreZeroedAndOfTheLengthAsked(long length)
    {
        var bytes = LargeArrays.Bytes(length);
        Assert.Equal(length, bytes.LongLength);
        Assert.True(bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        if (length > 0)
        {
            bytes[^1] = 7;                                      // writable to the end
            Assert.Equal(7, bytes[^1]);
        }
    }
}
