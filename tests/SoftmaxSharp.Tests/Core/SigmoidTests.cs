using SoftmaxSharp.Core;

namespace SoftmaxSharp.Tests.Core;

public class SigmoidTests
{
    [Fact]
    public void LectureExample_W2_B1_X1_Gives0_9526()
    {
        // Lecture 002: z = wx + b = 2·1 + 1 = 3, σ(3) = 0.9526, 1 − σ(3) = 0.0474.
        double z = 2 * 1 + 1;

        Assert.Equal(0.9526, Sigmoid.Of(z), 4);
        Assert.Equal(0.0474, 1 - Sigmoid.Of(z), 4);
        Assert.Equal(0.9526, Sigmoid.Of((float)z), 4);
    }

    [Theory]
    [InlineData(-1000.0)]
    [InlineData(-100.0)]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(2.0)]
    [InlineData(100.0)]
    [InlineData(1000.0)]
    public void ExtremeArguments_StayFiniteAndSymmetric(double z)
    {
        double s = Sigmoid.Of(z);
        float f = Sigmoid.Of((float)z);

        Assert.True(double.IsFinite(s) && float.IsFinite(f), $"σ({z}) = {s} / {f}");
        Assert.InRange(s, 0.0, 1.0);
        Assert.Equal(1.0, s + Sigmoid.Of(-z), 12);              // σ(z) + σ(−z) = 1
        Assert.Equal(s, f, 6);
    }
}
