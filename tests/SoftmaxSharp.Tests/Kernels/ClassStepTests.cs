using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

/// <summary>
/// The by-classes step in one pass gives the numbers of its parts: ∇ₛ = GₛᵀXₛ for each half of the rows (OuterProduct),
/// then w ← (∇₀ + ∇₁)·(−η) + w element by element, and W packed as PixelScores.Pack packs it.
/// </summary>
public class ClassStepTests
{
    [Theory]
    [InlineData(784, 32, 16)]                                     // Fashion-MNIST, the lectures' batch: 24 stretches of 32, then 16
    [InlineData(784, 64, 32)]
    [InlineData(32, 5, 2)]                                        // one stretch of 32
    [InlineData(47, 7, 3)]                                        // 32, then 15 columns one by one
    [InlineData(59, 6, 2)]                                        // 32, 16, then 11
    [InlineData(75, 3, 0)]                                        // an empty first half
    [InlineData(75, 3, 3)]                                        // an empty second half
    public void SameNumbersAsTheOuterProductsThenTheStep(int d, int rows, int firstHalf)
    {
        if (!ClassStep.Runs(ClassStep.Classes, d)) return;        // (no AVX-512 here: the trainer takes the parts)
        const int k = ClassStep.Classes;
        var random = new Random(d * 100 + rows * 10 + firstHalf);
        float[] g = RandomArray(random, rows * k), x = RandomArray(random, rows * d), start = RandomArray(random, k * d);
        const float scale = -0.1f;

        float[] gradient0 = new float[k * d], gradient1 = new float[k * d], expected = (float[])start.Clone();
        LinearKernels.OuterProduct(g.AsSpan(0, firstHalf * k), x.AsSpan(0, firstHalf * d), gradient0, k, vectorized: true);
        LinearKernels.OuterProduct(g.AsSpan(firstHalf * k), x.AsSpan(firstHalf * d), gradient1, k, vectorized: true);
        for (int i = 0; i < expected.Length; i++)
        {
            float sum = gradient0[i] + gradient1[i];
            expected[i] = sum * scale + expected[i];
        }
        float[] expectedPacked = new float[k * d];
        PixelScores.Pack(expected, d, expectedPacked);

        float[] weights = (float[])start.Clone(), packed = new float[k * d], plain = (float[])start.Clone();
        ClassStep.Step(g, x, firstHalf, weights, scale, packed, d);
        ClassStep.Step(g, x, firstHalf, plain, scale, default, d);
        Assert.Equal(expected, weights);
        Assert.Equal(expectedPacked, packed);
        Assert.Equal(expected, plain);
        Assert.NotEqual(start, weights);
    }

    static float[] RandomArray(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
