using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class ShardedGradientTests
{
    [Theory]
    [InlineData(null)]      // W and ∇₁ streamed past the caches or not, as the cores' round trip decides
    [InlineData(false)]     // the worker reads the caller's W; ∇₁ stays in its shard's buffer
    [InlineData(true)]      // the worker reads its streamed copy of W and streams ∇₁ out
    public void OneThreadAndTwoThreadsGiveBitIdenticalGradients_ForEveryBatchSizeInAnyOrder(bool? streamBetweenCores)
    {
        var random = new Random(11);
        int k = 10, d = 37, n = 300;
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        float[] weights = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] bias = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        int[] order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        RowSource source = BatchGradientTests.Source(x, labels, d, k);

        using var single = new ShardedGradient(k, d, useWorker: false);
        using var threaded = new ShardedGradient(k, d, useWorker: true) { StreamBetweenCores = streamBetweenCores };
        // Small and large batches alternate: small ones run on the calling thread, large ones hand a shard over.
        foreach (int count in new[] { 1, 64, 2, 15, 16, 17, 3, 200, 1, 300, 5 })
        {
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5);   // W moves between batches, as in training
            int start = random.Next(n - count + 1);
            float[] gradW1 = new float[k * d], gradB1 = new float[k], gradW2 = new float[k * d], gradB2 = new float[k];
            var (loss1, correct1) = single.Compute(weights, bias, source, order, start, count, gradW1, gradB1);
            var (loss2, correct2) = threaded.Compute(weights, bias, source, order, start, count, gradW2, gradB2);
            Assert.Equal(gradW1, gradW2);
            Assert.Equal(gradB1, gradB2);
            Assert.Equal(loss1, loss2);
            Assert.Equal(correct1, correct2);

            var expectedW = new float[k * d];
            var expectedB = new float[k];
            BatchGradient.Accumulate(weights, bias, source, order.AsSpan(start, count), expectedW, expectedB, new BatchGradient.Workspace(k, d));
            for (int i = 0; i < expectedW.Length; i++) Assert.Equal(expectedW[i], gradW1[i], 1e-6f);
        }
    }
}
