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
    readonly ShardWorker? _worker;                               // runs shard 1 while the calling thread runs shard 0
    readonly Action _runFirst;
    float[][] _parameters = [];                                  // the job handed to the worker
    Activation _activation;
    RowSource? _source;
    int[] _rows = [];
    int _start, _count;

    /// <param name="sizes">[d, n¹, …, k]</param>
    /// <param name="useWorker">run the second shard on a worker thread (default: when there are two or more cores)</param>
    public ShardedNetworkGradient(int[] sizes, bool? useWorker = null)
    {
        _shards = [new Shard(sizes), new Shard(sizes)];
        _runFirst = () => RunShard(0);
        _worker = ShardWorker.Start(() => RunShard(1), "SoftmaxSharp network gradient shard", useWorker);
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
            _worker.RunBoth(_runFirst);
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

    public void Dispose() => _worker?.Dispose();

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
