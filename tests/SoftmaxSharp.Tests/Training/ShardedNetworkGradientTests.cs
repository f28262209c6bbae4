using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class ShardedNetworkGradientTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(150)]
    public void OneThreadOrTwo_GiveBitIdenticalGradients(int batch)
    {
        var data = GradientCheck.RandomClassification(200, 12, 4, seed: 8);
        var network = new NeuralNetwork([10, 7], Activation.LeakyRelu);
        network.Initialize(data.FeatureNames, data.ClassNames, new Random(9));
        var source = new RowSource(data, FeatureScaler.Identity(12));
        int[] rows = Enumerable.Range(0, 200).Reverse().ToArray();

        float[][] Gradients(bool useWorker, out double loss)
        {
            var gradients = network.ParameterArrays.Select(p => new float[p.Length]).ToArray();
            using var sharded = new ShardedNetworkGradient(network.LayerSizes, useWorker);
            (loss, _) = sharded.Compute(network.ParameterArrays, network.Activation, source, rows, 20, batch, gradients);
            return gradients;
        }

        var alone = Gradients(useWorker: false, out double aloneLoss);
        var together = Gradients(useWorker: true, out double togetherLoss);
        Assert.Equal(aloneLoss, togetherLoss);
        for (int b = 0; b < alone.Length; b++) Assert.Equal(FloatBits.Of(alone[b]), FloatBits.Of(together[b]));
    }
}
