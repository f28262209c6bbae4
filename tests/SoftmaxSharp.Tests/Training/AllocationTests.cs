using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class AllocationTests
{
    static long AllocatedByFit(Dataset train, Dataset validation, int epochs, int batchSize, OptimizerKind optimizer = OptimizerKind.Sgd)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Scaling = Scaling.Standardize, Seed = 1, Optimizer = optimizer,
            L2 = optimizer == OptimizerKind.Sgd ? 0 : 1e-4, Schedule = optimizer == OptimizerKind.Sgd ? ScheduleKind.Constant : ScheduleKind.Cosine,
            Patience = optimizer == OptimizerKind.Sgd ? 0 : 1000 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        new SoftmaxRegression().Fit(train, options, validation);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1000)]
    [InlineData(1, OptimizerKind.Adam)]
    [InlineData(32, OptimizerKind.Nesterov)]
    [InlineData(32, OptimizerKind.RmsProp)]
    public void TheEpochLoopAllocatesNothing(int batchSize, OptimizerKind optimizer = OptimizerKind.Sgd)
    {
        // The other optimizers run with L2, a cosine schedule and early stopping (patience too long to stop).
        var (train, validation) = EmbeddedDatasets.Load("iris").Split(0.2, seed: 0);
        // 100 more epochs, each with shuffling, every batch's gradient and update, and a validation pass,
        // cost only the 100 extra entries of the history, allocated before the loop.
        // (+ 64 bytes: the stop reason, written once after the loop, is longer when it names larger epoch numbers)
        long entries = 100L * System.Runtime.CompilerServices.Unsafe.SizeOf<EpochResult>();
        long extra = EpochAllocation.ExtraBytesFor100Epochs(epochs => AllocatedByFit(train, validation, epochs, batchSize, optimizer), entries + 64);
        Assert.True(extra <= entries + 64, $"{extra} more bytes for 100 more epochs (history entries: {entries})");
    }
}
