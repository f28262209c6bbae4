using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

public class AlignedArraysTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(7840)]
    [InlineData(64 * 784)]
    public void FloatsAreZeroedAndStartOnA64ByteBoundary(int length)
    {
        var arrays = Enumerable.Range(0, 20).Select(_ => AlignedArrays.Floats(length)).ToArray();
        foreach (var array in arrays)
        {
            Assert.Equal(length, array.Length);
            Assert.All(array, v => Assert.Equal(0f, v));
        }
        // Alignment is best effort (other threads allocate on the same heap while the tests run in parallel), but it works:
        int aligned = arrays.Count(AlignedArrays.IsAligned);
        Assert.True(aligned >= arrays.Length / 2, $"only {aligned} of {arrays.Length} arrays of {length} floats start on a 64-byte boundary");
    }

    [Fact]
    public void CopyHoldsTheSameValues()
    {
        float[] source = [1f, -2.5f, float.Epsilon, 3e38f];
        var copy = AlignedArrays.Copy(source);
        Assert.Equal(source, copy);
        Assert.NotSame(source, copy);
        Assert.Empty(AlignedArrays.Floats(0));
    }
}
