using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class AllocationTests
{
    static long AllocatedByFit(Dataset train, Dataset validation, int epochs, int batchSize)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Scaling = Scaling.Standardize, Seed = 1 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        new SoftmaxRegression().Fit(train, options, validation);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1000)]
    public void TheEpochLoopAllocatesNothing(int batchSize)
    {
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, seed: 0);
        AllocatedByFit(train, validation, 3, batchSize);           // warm up: JIT, statics
        long few = AllocatedByFit(train, validation, 3, batchSize);
        long many = AllocatedByFit(train, validation, 103, batchSize);
        // 100 more epochs, each with shuffling, every batch's gradient and update, and a validation pass,
        // cost only the 100 extra entries of the history, allocated before the loop.
        long entries = 100L * System.Runtime.CompilerServices.Unsafe.SizeOf<EpochResult>();
        Assert.True(many - few <= entries, $"{many - few} more bytes for 100 more epochs (history entries: {entries})");
    }
}
