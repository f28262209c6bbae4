using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class NetworkAllocationTests
{
    static long AllocatedByFit(Dataset train, Dataset validation, int epochs, int batchSize, OptimizerKind optimizer)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Scaling = Scaling.Standardize, Seed = 1, Optimizer = optimizer,
            LearningRate = 0.01f, L2 = 1e-4, Schedule = ScheduleKind.Cosine, Patience = 1000 };
        var network = new NeuralNetwork([16, 8], Activation.Tanh);
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Fit(train, options, validation);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(1, OptimizerKind.Sgd)]
    [InlineData(32, OptimizerKind.Adam)]
    [InlineData(1000, OptimizerKind.Momentum)]
    public void TheNetworksEpochLoopAllocatesNothing(int batchSize, OptimizerKind optimizer)
    {
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, seed: 0);
        // 100 more epochs of shuffling, forward, backward, optimizer steps and validation cost only the history's entries.
        long entries = 100L * System.Runtime.CompilerServices.Unsafe.SizeOf<EpochResult>();
        long extra = EpochAllocation.ExtraBytesFor100Epochs(epochs => AllocatedByFit(train, validation, epochs, batchSize, optimizer), entries + 64);
        Assert.True(extra <= entries + 64, $"{extra} more bytes for 100 more epochs (history entries: {entries})");
    }
}
