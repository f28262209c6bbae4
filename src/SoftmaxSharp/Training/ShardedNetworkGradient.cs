using System.Numerics.Tensors;
using SoftmaxSharp.Core;

namespace SoftmaxSharp.Training;

/// <summary>
/// A network's batch gradient as two shards, the first and second half of the batch's rows, each summed into
/// its own buffers and then added in shard order (∇ = ∇₀ + ∇₁), as <see cref="ShardedGradient"/> does for
/// softmax regression: the numbers do not depend on whether one thread or two computed them. With two or
/// more cores a worker thread takes the second shard of every batch of at least <see cref="ParallelFrom"/> rows.
/// </summary>
internal sealed class ShardedNetworkGradient : IDisposable
{
    /// <summary>Smaller batches run both shards on the calling thread: a hand-over costs more than it saves.</summary>
    const int ParallelFrom = 16;

    readonly Shard[] _shards;
    readonly Thread? _worker;
    readonly ManualResetEventSlim _wake = new(false);
    float[][] _parameters = [];                                  // the job handed to the worker
    Activation _activation;
    RowSource? _source;
    int[] _rows = [];
    int _start, _count;
    int _generation, _completed;
    volatile bool _stopping;
    Exception? _workerError;

    /// <param name="sizes">[d, n¹, …, k]</param>
    /// <param name="useWorker">run the second shard on a worker thread (default: when there are two or more cores)</param>
    public ShardedNetworkGradient(int[] sizes, bool? useWorker = null)
    {
        _shards = [new Shard(sizes), new Shard(sizes)];
        if (useWorker ?? Environment.ProcessorCount > 1)
        {
            _worker = new Thread(WorkerLoop) { IsBackground = true, Name = "SoftmaxSharp network gradient shard" };
            _worker.Start();
        }
    }

    /// <summary>The first shard's workspace, free between calls (for validation).</summary>
    public NetworkGradient.Workspace Work => _shards[0].Work;

    /// <summary>
    /// The gradient of the mean loss over rows[start .. start + count) into <paramref name="gradients"/> (overwritten);
    /// returns the summed loss and the number of rows predicted right.
    /// </summary>
    public (double LossSum, int Correct) Compute(float[][] parameters, Activation g, RowSource source, int[] rows, int start, int count, float[][] gradients)
    {
        _parameters = parameters; _activation = g; _source = source; _rows = rows; _start = start; _count = count;
        if (_worker is not null && count >= ParallelFrom)
        {
            int generation = _generation + 1;
            Volatile.Write(ref _generation, generation);          // hands shard 1 to the worker
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
        for (int i = 0; i < gradients.Length; i++) TensorPrimitives.Add(_shards[0].Gradients[i], _shards[1].Gradients[i], gradients[i]);   // ∇₀ + ∇₁
        return (_shards[0].LossSum + _shards[1].LossSum, _shards[0].Correct + _shards[1].Correct);
    }

    /// <summary>Shard s holds rows [start + s·⌊count/2⌋ …) of the batch, averaged over the whole batch's m.</summary>
    void RunShard(int s)
    {
        int half = _count / 2;
        int from = _start + (s == 0 ? 0 : half), length = s == 0 ? half : _count - half;
        var shard = _shards[s];
        foreach (float[] gradient in shard.Gradients) Array.Clear(gradient);
        (shard.LossSum, shard.Correct) = NetworkGradient.Accumulate(_parameters, _activation, _source!, _rows.AsSpan(from, length), _count, shard.Gradients, shard.Work);
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

    sealed class Shard
    {
        public Shard(int[] sizes)
        {
            Work = new NetworkGradient.Workspace(sizes);
            Gradients = new float[2 * (sizes.Length - 1)][];
            for (int l = 1; l < sizes.Length; l++)
            {
                Gradients[2 * l - 2] = new float[sizes[l] * sizes[l - 1]];
                Gradients[2 * l - 1] = new float[sizes[l]];
            }
        }

        public NetworkGradient.Workspace Work { get; }
        public float[][] Gradients { get; }
        public double LossSum;
        public int Correct;
    }
}
