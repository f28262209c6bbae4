using System.Numerics.Tensors;

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
    readonly Thread? _worker;
    readonly ManualResetEventSlim _wake = new(false);
    // The job handed to the worker: read by it after it sees a new _generation.
    float[] _weights = [];
    float[] _bias = [];
    RowSource? _source;
    int[] _rows = [];
    int _start, _count;
    Core.WeightedCrossEntropy? _weighted;
    float _inverseOmega;                                      // 1/Ω of the whole batch, with _weighted
    int _generation, _completed;
    volatile bool _stopping;
    Exception? _workerError;

    /// <param name="useWorker">run the second shard on a worker thread (default: when there are two or more cores)</param>
    public ShardedGradient(int k, int d, bool? useWorker = null)
    {
        _shards = [new Shard(k, d), new Shard(k, d)];
        if (useWorker ?? Environment.ProcessorCount > 1)
        {
            _worker = new Thread(WorkerLoop) { IsBackground = true, Name = "SoftmaxSharp gradient shard" };
            _worker.Start();
        }
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
            Array.Clear(gradW);
            Array.Clear(gradB);
            PrefetchNextBatch(0, count);
            return BatchGradient.Accumulate(weights, bias, source, rows.AsSpan(start, count), count, gradW, gradB, shard.Work, weighted, _inverseOmega);
        }
        if (_worker is not null)
        {
            int generation = _generation + 1;
            Volatile.Write(ref _generation, generation);      // hands shard 1 to the worker
            _wake.Set();
            RunShard(0);
            var spin = new SpinWait();
            while (Volatile.Read(ref _completed) != generation) spin.SpinOnce(sleep1Threshold: -1);
            if (_workerError is { } error) throw new AggregateException("a gradient shard failed", error);
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
    /// Prefetches the first tile of the next batch's part <paramref name="from"/>..+<paramref name="length"/>
    /// (batches follow each other in the order array), so its rows arrive while this batch computes.
    /// </summary>
    void PrefetchNextBatch(int from, int length)
    {
        int next = _start + _count + from;
        int available = Math.Min(Math.Min(length, BatchGradient.TileRows), _rows.Length - next);
        if (available > 0) _source!.Prefetch(_rows.AsSpan(next, available));
    }

    /// <summary>Shard s holds rows [start + s·⌊count/2⌋ …) of the batch, averaged over the whole batch's m.</summary>
    void RunShard(int s)
    {
        int half = _count / 2;
        int from = _start + (s == 0 ? 0 : half), length = s == 0 ? half : _count - half;
        var shard = _shards[s];
        PrefetchNextBatch(from - _start, length);
        Array.Clear(shard.GradW);
        Array.Clear(shard.GradB);
        (shard.LossSum, shard.Correct) = BatchGradient.Accumulate(_weights, _bias, _source!, _rows.AsSpan(from, length), _count,
            shard.GradW, shard.GradB, shard.Work, _weighted, _inverseOmega);
    }

    void WorkerLoop()
    {
        int seen = 0;
        while (true)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_stopping)
            {
                if (spin.Count < 2000) spin.SpinOnce(sleep1Threshold: -1);
                else
                {
                    _wake.Wait(1);                                // long idle (validation, between runs): stop spinning
                    _wake.Reset();
                }
            }
            if (_stopping) return;
            seen = Volatile.Read(ref _generation);
            try { RunShard(1); }
            catch (Exception e) { _workerError = e; }
            Volatile.Write(ref _completed, seen);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _worker?.Join();
        _wake.Dispose();
    }

    sealed class Shard(int k, int d)
    {
        public float[] GradW { get; } = new float[k * d];
        public float[] GradB { get; } = new float[k];
        public BatchGradient.Workspace Work { get; } = new(k, d);
        public double LossSum;
        public int Correct;
    }
}
