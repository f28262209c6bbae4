using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>The per-sample loop that fuses each step with the next row's scores gives the numbers of one step per batch of one.</summary>
public class PerSampleDescentTests
{
    [Theory]
    [InlineData(10, 37)]   // five-class blocks, a tail after the vectors
    [InlineData(10, 64)]
    [InlineData(7, 37)]    // five, then two classes on their own
    [InlineData(3, 4)]     // shorter than a vector: the scalar loops
    public void DescendEachRowEqualsOneFusedStepPerRow(int k, int d)
    {
        int n = 60;
        var random = new Random(k * 100 + d);
        var pixels = new byte[n * d];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        var data = new Dataset(pixels, labels, Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), Enumerable.Range(0, k).Select(c => $"c{c}").ToArray());
        var source = new RowSource(data, FeatureScaler.Fit(Scaling.Pixels, data));
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var w1 = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        var b1 = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] w2 = (float[])w1.Clone(), b2 = (float[])b1.Clone();
        const float learningRate = 0.5f;

        using var stepwise = new ShardedGradient(k, d, useWorker: false);
        double loss1 = 0;
        int correct1 = 0;
        var gradB = new float[k];
        for (int i = 0; i < n; i++)
        {
            var (loss, right) = stepwise.Descend(w1, b1, source, order, i, 1, learningRate, gradB);
            loss1 += loss;
            correct1 += right;
        }
        using var fused = new ShardedGradient(k, d, useWorker: false);
        var (loss2, correct2) = fused.DescendEachRow(w2, b2, source, order, learningRate, new float[k]);

        Assert.Equal(w1, w2);
        Assert.Equal(b1, b2);
        Assert.Equal(loss1, loss2);
        Assert.Equal(correct1, correct2);
        Assert.NotEqual(0, correct2);
    }
}
