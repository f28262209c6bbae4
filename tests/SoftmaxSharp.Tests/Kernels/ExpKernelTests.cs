using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

/// <summary>
/// The vector e^x gives MathF.Exp's numbers bit for bit. (Checked on every float in (−104, 88) once, 2.25 billion of
/// them, outside the tests; here a sample of a million, the edges and the special values.)
/// </summary>
public class ExpKernelTests
{
    static void AssertSameBits(float[] x)
    {
        var vector = new float[x.Length];
        var narrow = new float[x.Length];
        var scalar = new float[x.Length];
        ExpKernel.Exp(x, vector);                                // eight at a time where the CPU has AVX-512
        ExpKernel.Exp(x, narrow, vectorized: true, wide: false); // four at a time
        ExpKernel.Exp(x, scalar, vectorized: false);
        for (int i = 0; i < x.Length; i++)
        {
            float expected = MathF.Exp(x[i]);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(vector[i]) || (float.IsNaN(expected) && float.IsNaN(vector[i])),
                $"e^{x[i]:R}: MathF.Exp {expected:R}, vector {vector[i]:R}");
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(narrow[i]) || (float.IsNaN(expected) && float.IsNaN(narrow[i])),
                $"e^{x[i]:R}: MathF.Exp {expected:R}, four at a time {narrow[i]:R}");
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(scalar[i]) || (float.IsNaN(expected) && float.IsNaN(scalar[i])));
        }
    }

    [Fact]
    public void SoftmaxRangeAgreesWithMathFExpBitForBit()
    {
        var random = new Random(1);
        var x = new float[1_000_007];                            // not a multiple of 4 or 8: the narrower loops and the scalar tail too
        for (int i = 0; i < x.Length; i++) x[i] = -(float)(random.NextDouble() * 110);   // softmax takes e^(z − max z) ≤ 1
        AssertSameBits(x);
    }

    [Fact]
    public void AnyFloatAgreesWithMathFExp()
    {
        var random = new Random(2);
        var x = new float[200_000];
        for (int i = 0; i < x.Length; i++) x[i] = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
        AssertSameBits(x);
    }

    [Fact]
    public void EdgesAndSpecialValues()
    {
        AssertSameBits([0f, -0f, 1f, -1f, 87.99f, 88f, 88.7228f, 88.73f, -87.99f, -88f, -103.27f, -103.28f, -103.97f, -103.98f, -104f, -104.01f,
            float.NegativeInfinity, float.PositiveInfinity, float.NaN, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-30f, -1e-30f]);
    }

    [Fact]
    public void InPlace()
    {
        float[] x = [-1f, -2f, -90f, -200f, 0f, -0.5f, float.NaN, -87.9f, 100f];
        var expected = x.Select(MathF.Exp).ToArray();
        ExpKernel.Exp(x, x);
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], x[i]);
    }
}
