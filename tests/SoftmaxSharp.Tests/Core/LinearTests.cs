using SoftmaxSharp.Core;

namespace SoftmaxSharp.Tests.Core;

public class LinearTests
{
    [Fact]
    public void LectureExample_W2_3_5_B1_1_1_X1_GivesTheLectureProbabilities()
    {
        // Lecture 002: z = [3, 4, 6], softmax(z) = [0.0420, 0.1141, 0.8437], prediction class 3 (index 2).
        // The lecture truncates to 4 decimals (0.114195 → 0.1141, 0.843795 → 0.8437), hence the 1e-4 tolerance.
        float[] weights = [2f, 3f, 5f];                           // W [k = 3, d = 1]
        float[] bias = [1f, 1f, 1f];
        var z = new float[3];

        Linear.Scores(weights, bias, [1f], z);
        float[] p = Softmax.Of(z);

        Assert.Equal([3f, 4f, 6f], z);
        Assert.Equal(0.0420, p[0], 1e-4);
        Assert.Equal(0.1141, p[1], 1e-4);
        Assert.Equal(0.8437, p[2], 1e-4);
        Assert.Equal(2, Linear.ArgMax(p));
    }

    [Fact]
    public void Scores_UsesClassMajorWeights()
    {
        // W [k = 2, d = 3]: row c is class c's weights.
        float[] weights = [1f, 2f, 3f, -1f, 0f, 0.5f];
        var z = new float[2];

        Linear.Scores(weights, [10f, 20f], [1f, 1f, 2f], z);

        Assert.Equal(1 + 2 + 6 + 10, z[0]);
        Assert.Equal(-1 + 0 + 1 + 20, z[1]);
    }

    [Fact]
    public void ArgMax_TakesTheFirstOnTies()
    {
        Assert.Equal(1, Linear.ArgMax([0f, 5f, 5f, 1f]));
    }
}
