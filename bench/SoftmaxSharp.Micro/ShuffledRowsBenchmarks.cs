using BenchmarkDotNet.Attributes;
using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Micro;

/// <summary>
/// What a shuffled epoch costs: one thread's shard of a batch of 256 (128 rows, ∇W, ∇b, loss) from a Fashion-MNIST-sized set of
/// byte rows (60,000 × 784, 47 MB: more than the caches), the rows taken in storage order or shuffled, each call the next 128 of
/// the order, asking for the rows ahead as training does. The difference is the price of rows the hardware prefetcher cannot
/// follow; on the Zen 5 host it stayed at about 40 ns a row however far ahead (4 to 32 rows) and with whichever hint
/// (prefetcht0/1/2/nta) the rows were asked for, and with the data on 2 MB pages.
/// Run: dotnet run -c Release --project bench/SoftmaxSharp.Micro -- --filter '*ShuffledRows*'
/// </summary>
public class ShuffledRowsBenchmarks
{
    const int D = 784, K = 10, Rows = 60_000, Shard = 128;

    [Params(false, true)]
    public bool Shuffled { get; set; }

    float[] _weights = [], _bias = [], _gradW = [], _gradB = [];
    int[] _order = [];
    int _at;
    RowSource _source = null!;
    BatchGradient.Workspace _work = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        var pixels = new byte[Rows * D];
        random.NextBytes(pixels);
        var data = new Dataset(pixels, Enumerable.Range(0, Rows).Select(i => i % K).ToArray(), Enumerable.Range(0, D).Select(j => $"p{j}").ToArray(),
            Enumerable.Range(0, K).Select(c => $"c{c}").ToArray());
        _source = new RowSource(data, FeatureScaler.Fit(Scaling.Pixels, data));
        _weights = Enumerable.Range(0, K * D).Select(_ => 0.01f * ((float)random.NextDouble() - 0.5f)).ToArray();
        _bias = new float[K];
        _gradW = new float[K * D];
        _gradB = new float[K];
        _order = Enumerable.Range(0, Rows).ToArray();
        if (Shuffled) random.Shuffle(_order);
        _work = new BatchGradient.Workspace(K, D);
    }

    [Benchmark(Description = "a thread's shard of batch 256: 128 rows' ∇W, ∇b and loss, the next rows of the order")]
    public double ShardOf256()
    {
        if (_at + 2 * Shard > Rows) _at = 0;
        var rows = _order.AsSpan(_at, Shard);
        _at += Shard;
        Array.Clear(_gradB);
        double loss = BatchGradient.Accumulate(_weights, _bias, _source, rows, 2 * Shard, _gradW, _gradB, _work, upcoming: rows, overwrite: true).LossSum;
        _source.PrefetchFirst(_order.AsSpan(_at));      // the next shard's first rows, as ShardedGradient asks
        return loss;
    }
}
