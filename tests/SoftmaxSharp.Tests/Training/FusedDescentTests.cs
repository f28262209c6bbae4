using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>The fused plain-SGD paths give the numbers of the gradient followed by the optimizer's step.</summary>
public class FusedDescentTests
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
        var (source, w1, b1) = RandomProblem(random, n, k, d);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
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

    [Theory]
    [InlineData(10, 37, 33)]   // two shards, an odd count; by classes on two threads (5 + 5)
    [InlineData(10, 64, 16)]
    [InlineData(10, 37, 64)]   // the largest batch by classes
    [InlineData(10, 37, 65)]   // by rows: each thread its shard and half of the step
    [InlineData(5, 37, 65)]    // by rows, five classes: the pixel kernel's other width
    [InlineData(7, 37, 40)]    // by classes, 3 + 4: other score and gradient kernels than five-class blocks
    [InlineData(2, 20, 24)]    // by classes, one each
    [InlineData(20, 37, 33)]   // by classes, ten each: the ten-class pixel kernel on each half
    [InlineData(10, 37, 7)]    // one shard (a short last batch)
    [InlineData(3, 4, 20)]
    public void DescendBatchEqualsComputeThenTheSgdStep(int k, int d, int batch)
    {
        int n = 100;
        var random = new Random(k * 1000 + d + batch);
        var (source, w1, b1) = RandomProblem(random, n, k, d);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        float[] w2 = (float[])w1.Clone(), b2 = (float[])b1.Clone();
        const float learningRate = 0.5f;
        var sgd = new SoftmaxSharp.Optimizers.Sgd(learningRate);

        using var separate = new ShardedGradient(k, d, useWorker: false);
        using var fused = new ShardedGradient(k, d, useWorker: true);
        float[] gradW = new float[k * d], gradB = new float[k], gradB2 = new float[k];
        for (int start = 0; start < n; start += batch)
        {
            int count = Math.Min(batch, n - start);
            var expected = separate.Compute(w1, b1, source, order, start, count, gradW, gradB);
            sgd.Step(0, w1, gradW);
            sgd.Step(1, b1, gradB, decay: false);
            var actual = fused.DescendBatch(w2, b2, source, order, start, count, learningRate, gradB2);
            Assert.Equal(expected, actual);
        }
        Assert.Equal(w1, w2);
        Assert.Equal(b1, b2);
    }

    [Theory]
    [InlineData(10, 37, 33)]   // by classes, then a last row on one thread
    [InlineData(10, 37, 16)]   // the smallest batch by classes; a last batch of 4
    [InlineData(10, 37, 20)]   // every batch by classes
    [InlineData(10, 37, 20, true)]    // by classes, the scores streamed
    [InlineData(10, 37, 33, true)]
    [InlineData(7, 37, 40, true)]
    [InlineData(10, 37, 33, false)]   // by classes, plain stores
    [InlineData(7, 37, 40)]    // 3 + 4 classes; a last batch of 20, by classes too
    [InlineData(20, 37, 33)]   // 10 + 10 classes by classes
    [InlineData(2, 20, 24)]
    [InlineData(10, 37, 65)]   // by rows: batch after batch or streamed, as the cores' round trip decides
    [InlineData(10, 37, 65, false)]   // by rows, batch after batch
    [InlineData(10, 37, 65, true)]    // by rows, streamed: one hand-over; the last batch of 35 streamed too
    [InlineData(5, 37, 65, true)]     // five classes by rows, streamed (each step packs W for the five-class kernel)
    [InlineData(10, 37, 90, true)]    // the last batch of 10, under ParallelFrom: on one thread after the epoch's hand-over
    [InlineData(7, 64, 100, true)]    // the whole data in one batch; vectors without a tail
    [InlineData(2, 20, 70, true)]
    [InlineData(10, 37, 7)]    // under ParallelFrom: batch after batch
    [InlineData(10, 37, 16, null, 1100)]   // 68 batches: the epoch asks the cores (a probe before each epoch), by classes
    [InlineData(10, 37, 66, null, 4300)]   // 65 batches by rows
    public void DescendEpochEqualsComputeThenTheSgdStepOnEveryBatch(int k, int d, int batch, bool? streamBetweenCores = null, int n = 100)
    {
        var random = new Random(k * 1000 + d + batch);
        var (source, w1, b1) = RandomProblem(random, n, k, d);
        var order = Enumerable.Range(0, n).ToArray();
        float[] w2 = (float[])w1.Clone(), b2 = (float[])b1.Clone();
        const float learningRate = 0.5f;
        var sgd = new SoftmaxSharp.Optimizers.Sgd(learningRate);

        using var separate = new ShardedGradient(k, d, useWorker: false);
        using var epochs = new ShardedGradient(k, d, useWorker: true) { StreamBetweenCores = streamBetweenCores };
        float[] gradW = new float[k * d], gradB = new float[k], gradB2 = new float[k];
        for (int epoch = 0; epoch < 3; epoch++)
        {
            random.Shuffle(order);
            double expectedLoss = 0;
            long expectedCorrect = 0;
            for (int start = 0; start < n; start += batch)
            {
                var (loss, right) = separate.Compute(w1, b1, source, order, start, Math.Min(batch, n - start), gradW, gradB);
                sgd.Step(0, w1, gradW);
                sgd.Step(1, b1, gradB, decay: false);
                expectedLoss += loss;
                expectedCorrect += right;
            }
            var actual = epochs.DescendEpoch(w2, b2, source, order, batch, learningRate, gradB2);
            Assert.Equal((expectedLoss, expectedCorrect), actual);
            Assert.Equal(w1, w2);
            Assert.Equal(b1, b2);
            epochs.DescendBatch(w2, b2, source, order, 0, batch, learningRate, gradB2);   // a batch on its own between epochs: the meetings stay in step
            separate.Compute(w1, b1, source, order, 0, batch, gradW, gradB);
            sgd.Step(0, w1, gradW);
            sgd.Step(1, b1, gradB, decay: false);
        }
        Assert.Equal(w1, w2);
        Assert.Equal(b1, b2);
    }

    /// <summary>n random byte images of d pixels with labels of k classes (scaled to [0, 1]), and small random W [k, d] and b [k].</summary>
    static (RowSource Source, float[] W, float[] B) RandomProblem(Random random, int n, int k, int d)
    {
        var pixels = new byte[n * d];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        var data = new Dataset(pixels, labels, Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), Enumerable.Range(0, k).Select(c => $"c{c}").ToArray());
        var w = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        var b = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        return (new RowSource(data, FeatureScaler.Fit(Scaling.Pixels, data)), w, b);
    }
}
