using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Tests.Kernels;

public class DenseKernelsTests
{
    [Fact]
    public void BackpropInput_VectorizedEqualsTheScalarProductForEveryShape()
    {
        var random = new Random(7);
        foreach (int rows in new[] { 1, 2, 3, 5 })
            foreach (int units in new[] { 1, 3, 10 })
                for (int inputs = 1; inputs <= 35; inputs++)
                {
                    float[] delta = Enumerable.Range(0, rows * units).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
                    float[] w = Enumerable.Range(0, units * inputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
                    var fast = new float[rows * inputs];
                    var slow = new float[rows * inputs];
                    DenseKernels.BackpropInput(delta, w, rows, fast, vectorized: true);
                    DenseKernels.BackpropInput(delta, w, rows, slow, vectorized: false);
                    for (int i = 0; i < fast.Length; i++) Assert.Equal(slow[i], fast[i], 1e-6f);
                }
    }

    [Fact]
    public void BackpropInput_IsDeltaTimesW()
    {
        // Δ [1, 2] = [1, −2], W [2, 3] = [[1, 2, 3], [4, 5, 6]] → ΔW = [1 − 8, 2 − 10, 3 − 12]
        var error = new float[3];
        DenseKernels.BackpropInput([1f, -2f], [1f, 2f, 3f, 4f, 5f, 6f], 1, error);
        Assert.Equal([-7f, -8f, -9f], error);
    }
}
