using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Training;

/// <summary>
/// The batch gradient computed as two shards — the first and the second half of the batch's rows —
/// each summed into its own buffers, then added in shard order: ∇ = ∇₀ + ∇₁. The numbers are the
/// same whether one thread computes both shards or two threads compute one each, so results do not
/// depend on the machine's core count or on scheduling. With two or more cores, a worker thread
/// takes the second shard. Batches of fewer than <see cref="ParallelFrom"/> rows are one shard,
/// whatever the core count: the rule depends on the batch size alone, so results still do not.
/// </summary>
internal sealed class ShardedGradient : IDisposable
{
    /// <summary>Batches smaller than this are summed as one shard on the calling thread: a hand-over costs more than it saves.</summary>
    const int ParallelFrom = 16;

    readonly Shard[] _shards;
    readonly ShardWorker? _worker;                               // runs shard 1 while the calling thread runs shard 0
    readonly Action _runFirst;
    readonly Action _descendFirst;                            // DescendBatch on the calling thread: shard 0, then its half of the step
    // The batch both shards work on (the worker reads it after RunBoth hands over).
    float[] _weights = [];
    float[] _bias = [];
    RowSource? _source;
    int[] _rows = [];
    volatile bool _descending;                                // the worker's hand-over is DescendBatch's (shard and step), not Compute's
    int _start, _count;
    Core.WeightedCrossEntropy? _weighted;
    float _inverseOmega;                                      // 1/Ω of the whole batch, with _weighted
    float _learningRate;                                      // DescendBatch's η
    int _batch;                                               // DescendBatch's count of calls: the barrier's generation
    readonly int[] _shardDone = new int[2 * 16];              // [0], [16]: the last batch whose shard 0 / 1 is summed (a cache line each)

    /// <param name="useWorker">run the second shard on a worker thread (default: when there are two or more cores)</param>
    public ShardedGradient(int k, int d, bool? useWorker = null)
    {
        _shards = [new Shard(k, d), new Shard(k, d)];
        _runFirst = () => RunShard(0);
        _descendFirst = () => DescendShard(0);
        _worker = ShardWorker.Start(() => { if (_descending) DescendShard(1); else RunShard(1); }, "SoftmaxSharp gradient shard", useWorker);
    }

    /// <summary>
    /// ∇W [k, d] and ∇b [k] of the mean loss over the batch rows[start .. start + count) (overwritten, not
    /// added to); returns the summed loss and the number of rows predicted right.
    /// </summary>
    /// <param name="weighted">class weights and label smoothing (or sample weights in the source); null for the plain mean</param>
    public (double LossSum, int Correct) Compute(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float[] gradW, float[] gradB,
        Core.WeightedCrossEntropy? weighted = null)
    {
        _weights = weights; _bias = bias; _source = source; _rows = rows; _start = start; _count = count;
        _weighted = weighted;
        _inverseOmega = weighted is null ? 0f : BatchGradient.InverseBatchWeight(weighted, source, rows.AsSpan(start, count));
        if (count < ParallelFrom)
        {
            // A small batch (per-sample SGD, say) is one shard on this thread: no hand-over, no second buffer to add.
            var shard = _shards[0];
            Array.Clear(gradB);
            return BatchGradient.Accumulate(weights, bias, source, rows.AsSpan(start, count), count, gradW, gradB, shard.Work, weighted, _inverseOmega,
                upcoming: RowSource.Upcoming(rows, start), overwrite: true);
        }
        if (_worker is not null)
        {
            _worker.RunBoth(_runFirst);
        }
        else
        {
            RunShard(1);
            RunShard(0);
        }

        // ∇ = ∇₀ + ∇₁, always in this order.
        TensorPrimitives.Add(_shards[0].GradW, _shards[1].GradW, gradW);
        TensorPrimitives.Add(_shards[0].GradB, _shards[1].GradB, gradB);
        return (_shards[0].LossSum + _shards[1].LossSum, _shards[0].Correct + _shards[1].Correct);
    }

    /// <summary>
    /// Plain SGD on a batch: the shards as in <see cref="Compute"/>, then W ← W − η(∇₀ + ∇₁) straight from the two shards'
    /// buffers in one pass (∇W = ∇₀ + ∇₁ is never written out and read back), b ← b − η∇b. The numbers of <see cref="Compute"/>
    /// followed by the optimizer's plain SGD step. Returns the summed loss and the rows predicted right.
    /// </summary>
    /// <param name="gradB">[k] scratch: ∇b of the batch</param>
    public (double LossSum, int Correct) DescendBatch(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float learningRate, float[] gradB)
    {
        if (count < ParallelFrom)                                 // one shard (a short last batch): ∇W into a shard's buffer, then the step
        {
            var single = Compute(weights, bias, source, rows, start, count, _shards[1].GradW, gradB);
            TensorPrimitives.MultiplyAdd(_shards[1].GradW, -learningRate, weights, weights);   // W ← W − η∇W
            TensorPrimitives.MultiplyAdd(gradB, -learningRate, bias, bias);
            return single;
        }
        _weights = weights; _bias = bias; _source = source; _rows = rows; _start = start; _count = count;
        _weighted = null;
        _learningRate = learningRate;
        if (_worker is not null)
        {
            _batch++;
            _descending = true;
            try { _worker.RunBoth(_descendFirst); }           // each thread its shard, then its half of W ← W − η(∇₀ + ∇₁)
            finally { _descending = false; }
        }
        else
        {
            RunShard(1);
            RunShard(0);
            StepFromShards(weights, _shards[0].GradW, _shards[1].GradW, -learningRate);   // W ← W − η(∇₀ + ∇₁)
        }
        TensorPrimitives.Add(_shards[0].GradB, _shards[1].GradB, gradB);
        TensorPrimitives.MultiplyAdd(gradB, -learningRate, bias, bias);                // b ← b − η∇b
        return (_shards[0].LossSum + _shards[1].LossSum, _shards[0].Correct + _shards[1].Correct);
    }

    /// <summary>
    /// DescendBatch on thread <paramref name="s"/> of two: shard s's gradient, then — once the other shard's is summed too — the
    /// step on its half of W (split at a cache line), so the two threads share the step and neither waits for the other to take it all.
    /// </summary>
    void DescendShard(int s)
    {
        int batch = _batch;
        try { RunShard(s); }
        finally { Volatile.Write(ref _shardDone[16 * s], batch); }            // arrives even when its shard failed: the other must not wait forever
        while (Volatile.Read(ref _shardDone[16 * (1 - s)]) != batch) Thread.SpinWait(1);
        int length = _weights.Length, half = length / 2 & ~15;
        int from = s == 0 ? 0 : half, to = s == 0 ? half : length;
        StepFromShards(_weights.AsSpan(from, to - from), _shards[0].GradW.AsSpan(from, to - from), _shards[1].GradW.AsSpan(from, to - from), -_learningRate);
    }

    /// <summary>θ ← (a + b)·s + θ element by element: the sum ∇ = ∇₀ + ∇₁ rounded, then the step as Sgd's (multiply, then add: not fused).</summary>
    static void StepFromShards(Span<float> parameters, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scale)
    {
        int n = parameters.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float p = ref MemoryMarshal.GetReference(parameters);
            ref float x = ref MemoryMarshal.GetReference(a);
            ref float y = ref MemoryMarshal.GetReference(b);
            var s = Vector256.Create(scale);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var sum = Vector256.LoadUnsafe(ref x, (nuint)i) + Vector256.LoadUnsafe(ref y, (nuint)i);
                (sum * s + Vector256.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float sum = a[i] + b[i];
            parameters[i] = sum * scale + parameters[i];
        }
    }

    /// <summary>
    /// Plain SGD on a small batch in one pass: W ← W − η(Ŷ − Y)ᵀX/m and b ← b − ηΣ(Ŷ − Y)/m, with −η folded into the
    /// gradient rows so that ∇W is never written out, cleared or read back (per-sample SGD moves W once per row
    /// instead of three times). Returns the summed loss and the rows predicted right, as <see cref="Compute"/>.
    /// </summary>
    /// <param name="gradB">[k] scratch: ∇b of the batch</param>
    public (double LossSum, int Correct) Descend(float[] weights, float[] bias, RowSource source, int[] rows, int start, int count, float learningRate, float[] gradB)
    {
        if (count >= ParallelFrom) throw new ArgumentException($"a fused step takes fewer than {ParallelFrom} rows (got {count})", nameof(count));
        Array.Clear(gradB);
        var result = BatchGradient.Accumulate(weights, bias, source, rows.AsSpan(start, count), count, weights, gradB, _shards[0].Work, outerScale: -learningRate,
            upcoming: RowSource.Upcoming(rows, start));
        TensorPrimitives.MultiplyAdd(gradB, -learningRate, bias, bias);   // b ← b − η∇b
        return result;
    }

    /// <summary>Per-sample plain SGD over a whole epoch (<see cref="BatchGradient.DescendEachRow"/>): the same numbers as <see cref="Descend"/> on every row in turn.</summary>
    public (double LossSum, int Correct) DescendEachRow(float[] weights, float[] bias, RowSource source, int[] order, float learningRate, float[] gradB) =>
        BatchGradient.DescendEachRow(weights, bias, source, order, learningRate, gradB, _shards[0].Work);

    /// <summary>Batches of fewer rows than this can take <see cref="Descend"/>.</summary>
    public static int FusedStepBelow => ParallelFrom;

    /// <summary>Shard s holds rows [start + s·⌊count/2⌋ …) of the batch, averaged over the whole batch's m.</summary>
    void RunShard(int s)
    {
        int half = _count / 2;
        int from = _start + (s == 0 ? 0 : half), length = s == 0 ? half : _count - half;
        var shard = _shards[s];
        Array.Clear(shard.GradB);
        (shard.LossSum, shard.Correct) = BatchGradient.Accumulate(_weights, _bias, _source!, _rows.AsSpan(from, length), _count,
            shard.GradW, shard.GradB, shard.Work, _weighted, _inverseOmega, upcoming: RowSource.Upcoming(_rows, from), overwrite: true);   // ∇W of the shard overwritten: no clearing pass
    }

    public void Dispose() => _worker?.Dispose();

    sealed class Shard(int k, int d)
    {
        public float[] GradW { get; } = Kernels.AlignedArrays.Floats(k * d);
        public float[] GradB { get; } = new float[k];
        public BatchGradient.Workspace Work { get; } = new(k, d);
        public double LossSum;
        public int Correct;
    }
}
