using System.Runtime.Intrinsics;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

/// <summary>The vector log x gives MathF.Log's numbers bit for bit, eight lanes at a time, wide (AVX-512) and in two halves.</summary>
public class LogKernelTests
{
    static void AssertSameBits(float[] x)
    {
        for (int i = 0; i + 8 <= x.Length; i += 8)
        {
            var lanes = Vector256.Create(x, i);
            var wide = LogKernel.Log(lanes, wide: true);
            var halves = LogKernel.Log(lanes, wide: false);
            for (int j = 0; j < 8; j++)
            {
                int expected = BitConverter.SingleToInt32Bits(MathF.Log(x[i + j]));
                bool nan = float.IsNaN(MathF.Log(x[i + j]));
                if (BitConverter.SingleToInt32Bits(wide.GetElement(j)) != expected && !(nan && float.IsNaN(wide.GetElement(j))))
                    Assert.Fail($"log {x[i + j]:R}: MathF.Log {MathF.Log(x[i + j]):R}, wide {wide.GetElement(j):R}");
                if (BitConverter.SingleToInt32Bits(halves.GetElement(j)) != expected && !(nan && float.IsNaN(halves.GetElement(j))))
                    Assert.Fail($"log {x[i + j]:R}: MathF.Log {MathF.Log(x[i + j]):R}, in halves {halves.GetElement(j):R}");
            }
        }
    }

    [Fact]
    public void EveryFloatFromOneTo32AgreesWithMathFLog()
    {
        // Softmax's Σ e^(z − m) is in [1, k]: every float there (5 · 2²³ of them), in slices.
        int first = BitConverter.SingleToInt32Bits(1f), last = BitConverter.SingleToInt32Bits(32f);
        var x = new float[1 << 20];
        for (int start = first; start <= last; start += x.Length)
        {
            int count = Math.Min(x.Length, last - start + 1) & ~7;
            for (int i = 0; i < count; i++) x[i] = BitConverter.Int32BitsToSingle(start + i);
            AssertSameBits(x[..count]);
        }
    }

    [Fact]
    public void AnyFloatAgreesWithMathFLog()
    {
        var random = new Random(5);
        var x = new float[400_000];
        for (int i = 0; i < x.Length; i++) x[i] = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
        AssertSameBits(x);
    }

    [Fact]
    public void EdgesAndSpecialValues()
    {
        AssertSameBits([1f, 0f, -0f, -1f, float.Epsilon, 1.1754942e-38f, 1.17549435e-38f, 0.7f, 1.4f, 2f, 10f, 31.999998f,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.MaxValue, float.MinValue, 1e-30f, 0.5f, 3.4e38f, 0.6999f, 1.0000001f]);
    }
}
