namespace SoftmaxSharp.Tests.Training;

/// <summary>What 100 more epochs of a fit allocate, measured as (a 103-epoch fit) − (a 3-epoch fit) on the current thread.</summary>
static class EpochAllocation
{
    /// <summary>
    /// The fewest extra bytes over up to five tries (stopping at the first within <paramref name="allowed"/>). An allocation in the
    /// epoch loop shows in every try; what the runtime allocates once on the test's thread, while tiered compilation replaces a
    /// method at a moment set by the whole suite's JIT activity, shows in one try at most.
    /// </summary>
    public static long ExtraBytesFor100Epochs(Func<int, long> allocatedByFitOfEpochs, long allowed)
    {
        allocatedByFitOfEpochs(3);                                             // warm up: JIT, statics
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 5 && fewest > allowed; attempt++)
        {
            long few = allocatedByFitOfEpochs(3);
            long many = allocatedByFitOfEpochs(103);
            fewest = Math.Min(fewest, many - few);
        }
        return fewest;
    }
}
