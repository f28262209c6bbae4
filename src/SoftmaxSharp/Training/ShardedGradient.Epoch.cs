using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SoftmaxSharp.Training;

/// <summary>Plain SGD over a whole epoch on two threads: the batches go by classes (small) or by rows (the rest), in one hand-over.</summary>
internal sealed partial class ShardedGradient
{
    /// <summary>
    /// Above this cache-line round trip between the two threads' cores, what one thread writes and the other reads next goes
    /// through memory with streaming stores (<see cref="Kernels.Streaming.CopyPastCaches"/>): by classes the scores; by rows a
    /// plain-SGD epoch goes in one hand-over with ∇ₛ streamed (<see cref="DescendEpochByRows"/>); <see cref="Compute"/> (the other
    /// optimizers) streams the worker a copy of W and ∇₁ back. Below it, plain stores, and plain SGD by rows batch after batch as
    /// <see cref="DescendBatch"/>. This VM's two vCPUs measure 130–160 ns or 510–560 ns, changing from minute to minute, so the
    /// threads ask again every <see cref="ProbeEveryMilliseconds"/>. Ms an epoch, close / far: plain SGD, batch 256: 13.7–14.1 /
    /// 16.1–17.2 batch after batch, 14.1–14.3 / 14.0–14.4 streamed; batch 32: 18.4–19.4 / 22.1–22.9 with plain stores, 19.3–19.4 /
    /// 20.9–22.0 streamed; Adam, batch 256, far: 20.5–23.9 plain, 16.6–16.7 streamed. Either way the numbers are the same.
    /// </summary>
    const double FarCoresNanoseconds = 300;
    /// <summary>Round trips per probe (the median is kept): about 2 µs when the cores are close, 8 µs when they are far.</summary>
    const int ProbeRoundTrips = 15;
    /// <summary>How long an answer holds: this VM's cores change state every few minutes; a probe costs 2–8 µs.</summary>
    const int ProbeEveryMilliseconds = 50;
    /// <summary>Compute streams only a W of at least this many floats (16 KB): a smaller one is a few lines, not worth a probe.</summary>
    const int StreamFromFloats = 4096;
    /// <summary>Epochs of fewer batches than this do not ask (streaming saves at most a few µs a batch; a probe may wake the worker).</summary>
    const int ProbeFromBatches = 64;

    volatile bool _abandoned;                                 // a thread of DescendEpoch failed: the other stops waiting for it
    int _epochBatchSize;                                      // DescendEpoch's m
    int _epochBatches;                                        // DescendEpoch: how many batches go on two threads (all but a last one under ParallelFrom rows)
    double _epochLoss;                                        // DescendEpoch: thread 0's sums
    long _epochCorrect;
    float[] _sumGradB = [];                                   // DescendEpoch: thread 0's ∇b scratch (the caller's)

    // Streamed (cores far apart): the worker's own copy of W; each shard's published ∇W and ∇b in [2s + parity of the batch] (Compute: [2]),
    // and its loss and hits (a line each). Made on the first batch or epoch that could stream, whichever way it goes: no allocation after.
    float[]? _workerWeights;
    readonly float[][] _publishedGradW = new float[4][];
    readonly float[][] _publishedGradB = new float[4][];
    readonly double[] _publishedLoss = new double[4 * 8];
    readonly int[] _publishedCorrect = new int[4 * 16];

    readonly long[] _probe = new long[2 * 8];                  // [0], [8]: the last round trip thread 0 asked / thread 1 answered (a line each)
    double _probeNanoseconds;
    long _probedAt = long.MinValue / 2;                        // Stopwatch ticks of the last probe
    bool _lastFar;

    volatile bool _computeStreams;                            // this Compute streams

    /// <summary>Whether the threads stream what the other reads: true or false to decide, null to ask the cores (<see cref="FarCoresNanoseconds"/>).</summary>
    internal bool? StreamBetweenCores { get; set; }
    bool _streaming;                                          // this epoch streams

    /// <summary>
    /// Plain SGD over a whole epoch in batches of <paramref name="batchSize"/> rows: the numbers of <see cref="DescendBatch"/> on each
    /// batch in turn. Batches that go by classes (from <see cref="ParallelFrom"/> to <see cref="ClassSplitUpTo"/> rows, two threads)
    /// run in one hand-over: each thread goes from batch to batch with its own rows of W and its own copy of b (both threads compute
    /// the same ∇b), and the two meet once per batch, to swap scores, instead of three times (hand-over, swap, return) — on this VM a
    /// meeting costs 0.1 to 0.5 µs, and the lectures' batch 32 has 1,875 of them per epoch. Larger batches go by rows, in one
    /// hand-over too when the cores are far apart (<see cref="DescendEpochByRows"/>). Returns the summed loss and the rows predicted right.
    /// </summary>
    /// <param name="order">the epoch's visiting order</param>
    /// <param name="gradB">[k] scratch: ∇b of a batch</param>
    public (double LossSum, long Correct) DescendEpoch(float[] weights, float[] bias, RowSource source, int[] order, int batchSize, float learningRate, float[] gradB)
    {
        int n = order.Length, start = 0;
        double lossSum = 0;
        long correct = 0;
        Hand hand = Hand.Compute;                             // Compute: batch after batch, below
        if (_worker is not null && batchSize >= ParallelFrom)
        {
            bool byClasses = batchSize <= ClassSplitUpTo && bias.Length >= 2;
            if (!byClasses) MakeStreamingBuffers(weights.Length, bias.Length);
            bool far = StreamBetweenCores ?? (n / batchSize >= ProbeFromBatches && CoresFar());
            hand = byClasses ? Hand.DescendEpochByClasses : far ? Hand.DescendEpochByRows : Hand.Compute;
            _streaming = far && byClasses;
        }
        if (hand != Hand.Compute)
        {
            _weights = weights; _bias = bias; _source = source; _rows = order; _weighted = null; _learningRate = learningRate;
            _epochBatchSize = batchSize;
            _epochBatches = n / batchSize + (n % batchSize >= ParallelFrom ? 1 : 0);   // a last batch under ParallelFrom rows goes on one thread, below
            _sumGradB = gradB;
            bias.CopyTo(_halves[1].Bias, 0);                                           // thread 1's b, before either thread moves the model's
            if (hand == Hand.DescendEpochByRows) weights.CopyTo(_workerWeights!, 0);   // and its W, by rows
            _abandoned = false;
            _hand = hand;
            try { _worker!.RunBoth(_descendFirst); }
            finally { _hand = Hand.Compute; _streaming = false; }
            _batch += _epochBatches;
            (lossSum, correct, start) = (_epochLoss, _epochCorrect, _epochBatches * batchSize);
        }
        for (; start < n; start += batchSize)
        {
            var (loss, right) = DescendBatch(weights, bias, source, order, start, Math.Min(batchSize, n - start), learningRate, gradB);
            lossSum += loss;
            correct += right;
        }
        return (lossSum, correct);
    }

    /// <summary>The streaming buffers for W of <paramref name="length"/> floats and <paramref name="k"/> classes, unless they are made.</summary>
    void MakeStreamingBuffers(int length, int k)
    {
        if (_workerWeights?.Length == length && _publishedGradB[0].Length >= k) return;
        _workerWeights = Kernels.AlignedArrays.Floats(length);
        for (int i = 0; i < 4; i++)
        {
            _publishedGradW[i] = Kernels.AlignedArrays.Floats(length);
            _publishedGradB[i] = Kernels.AlignedArrays.Floats(Math.Max(k, 16));
        }
    }

    /// <summary>DescendEpoch by classes on thread <paramref name="s"/>: every batch as <see cref="DescendBatch"/> takes it by classes, then b ← b − η(∇b₀ + ∇b₁) on its own b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]      // called once per epoch: compiled optimized at once, not entered through on-stack replacement
    void DescendEpochByClasses(int s)
    {
        int n = _rows.Length, m = _epochBatchSize, first = _batch;
        float[] bias = s == 0 ? _bias : _halves[1].Bias;
        float[] gradB = s == 0 ? _sumGradB : _halves[1].SumGradB;
        double lossSum = 0;
        long correct = 0;
        try
        {
            for (int b = 0; b < _epochBatches; b++)
            {
                int start = b * m;
                DescendClasses(s, start, Math.Min(m, n - start), first + b + 1, bias, packedFresh: b > 0);
                ReadOnlySpan<float> gradB0 = s == 0 ? _shards[0].GradB : _halves[1].GradB[0], gradB1 = s == 0 ? _shards[1].GradB : _halves[1].GradB[1];
                TensorPrimitives.Add(gradB0, gradB1, gradB);                          // ∇b = ∇b₀ + ∇b₁, as DescendBatch
                TensorPrimitives.MultiplyAdd(gradB, -_learningRate, bias, bias);        // b ← b − η∇b (thread 1: the same numbers on its copy)
                if (s == 0)
                {
                    lossSum += _shards[0].LossSum + _shards[1].LossSum;
                    correct += _shards[0].Correct + _shards[1].Correct;
                }
            }
        }
        catch
        {
            _abandoned = true;                                                       // the other thread must not wait at the next batch
            throw;
        }
        if (s == 0) (_epochLoss, _epochCorrect) = (lossSum, correct);
    }

    /// <summary>
    /// DescendEpoch by rows on thread <paramref name="s"/>, for cores far apart: for every batch its shard's ∇ₛ, published with
    /// streaming stores (<see cref="Kernels.Streaming.CopyPastCaches"/>) into buffers by the batch's parity — asking meanwhile for
    /// the other's, when it is published already (the thread that arrives last then steps from its caches: batch 256 lower in 17
    /// of 26 pairs, by 0.3 to 3.8 % in medians of 8 or 10) —; one meeting; then the
    /// whole step W ← W − η(∇₀ + ∇₁), b ← b − η(∇b₀ + ∇b₁) on its own W and b (thread 0 the model's, thread 1 copies: the same
    /// numbers on both). So W never crosses between the cores, ∇ crosses once, through memory, without the writer first taking back
    /// the lines the reader holds, and the threads meet once per batch instead of three times (hand-over, the shards' sum, return).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]      // (as DescendEpochByClasses)
    void DescendEpochByRows(int s)
    {
        int n = _rows.Length, m = _epochBatchSize, first = _batch, k = _bias.Length;
        float[] weights = s == 0 ? _weights : _workerWeights!;
        float[] bias = s == 0 ? _bias : _halves[1].Bias;
        float[] gradB = s == 0 ? _sumGradB : _halves[1].SumGradB;
        float[] ownGradW = _shards[s].GradW;                                          // ∇ₛ, summed here (never read by the other thread)
        double lossSum = 0;
        long correct = 0;
        try
        {
            for (int b = 0; b < _epochBatches; b++)
            {
                int start = b * m, count = Math.Min(m, n - start), parity = b & 1, mine = 2 * s + parity;
                try
                {
                    Span<float> ownGradB = _publishedGradB[mine].AsSpan(0, k);
                    ownGradB.Clear();
                    (_publishedLoss[8 * mine], _publishedCorrect[16 * mine]) = SumShard(s, weights, bias, start, count, ownGradW, ownGradB);   // ∇ₛ
                    bool otherDone = Volatile.Read(ref _shardDone[16 * (1 - s)]) > first + b;   // its ∇ is in memory: ask for it now
                    Kernels.Streaming.CopyPastCaches(ownGradW, _publishedGradW[mine], otherDone ? _publishedGradW[2 * (1 - s) + parity] : default);
                }
                finally { Volatile.Write(ref _shardDone[16 * s], first + b + 1); }       // arrives even when it failed: the other must not wait forever
                WaitForTheOther(s, first + b + 1);
                float[] gradW0 = s == 0 ? ownGradW : _publishedGradW[parity], gradW1 = s == 1 ? ownGradW : _publishedGradW[2 + parity];
                StepFromShards(weights, gradW0, gradW1, -_learningRate);                                            // W ← W − η(∇₀ + ∇₁)
                TensorPrimitives.Add(_publishedGradB[parity].AsSpan(0, k), _publishedGradB[2 + parity].AsSpan(0, k), gradB);   // ∇b = ∇b₀ + ∇b₁
                TensorPrimitives.MultiplyAdd(gradB, -_learningRate, bias, bias);                                    // b ← b − η∇b
                if (s == 0)
                {
                    lossSum += _publishedLoss[8 * parity] + _publishedLoss[8 * (2 + parity)];
                    correct += _publishedCorrect[16 * parity] + _publishedCorrect[16 * (2 + parity)];
                }
            }
        }
        catch
        {
            _abandoned = true;                                                        // the other thread must not wait at the next batch
            throw;
        }
        if (s == 0) (_epochLoss, _epochCorrect) = (lossSum, correct);
    }

    /// <summary>Whether the cores are far apart (<see cref="FarCoresNanoseconds"/>), asked again when the last answer is older than <see cref="ProbeEveryMilliseconds"/>.</summary>
    bool CoresFar()
    {
        long now = Stopwatch.GetTimestamp();
        if (now - _probedAt > ProbeEveryMilliseconds * Stopwatch.Frequency / 1000)
        {
            _lastFar = ProbeRoundTrip(_worker!) > FarCoresNanoseconds;
            _probedAt = Stopwatch.GetTimestamp();
        }
        return _lastFar;
    }

    /// <summary>The median time, in ns, for a cache line to go from this thread's core to the worker's and back.</summary>
    double ProbeRoundTrip(ShardWorker worker)
    {
        _hand = Hand.Probe;
        try { worker.RunBoth(_descendFirst); }
        finally { _hand = Hand.Compute; }
        return _probeNanoseconds;
    }

    /// <summary>Thread 0's side of the probe: waits for thread 1, then times <see cref="ProbeRoundTrips"/> round trips and keeps the median.
    /// Both counters are equal between probes; thread 1 says it is there by moving its own one on.</summary>
    double AskRoundTrips()
    {
        long v = Volatile.Read(ref _probe[0]) + 1;
        while (Volatile.Read(ref _probe[8]) != v) Thread.SpinWait(1);                 // thread 1 is in AnswerRoundTrips
        Span<long> ticks = stackalloc long[ProbeRoundTrips];
        for (int i = 1; i <= ProbeRoundTrips; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Volatile.Write(ref _probe[0], v + i);
            while (Volatile.Read(ref _probe[8]) != v + i) { }
            ticks[i - 1] = Stopwatch.GetTimestamp() - start;
        }
        for (int i = 1; i < ticks.Length; i++)                                     // in order, by insertion (Span.Sort allocates now and then:
        {                                                                           // the training loop must not)
            long t = ticks[i];
            int j = i - 1;
            for (; j >= 0 && ticks[j] > t; j--) ticks[j + 1] = ticks[j];
            ticks[j + 1] = t;
        }
        return ticks[ProbeRoundTrips / 2] * 1e9 / Stopwatch.Frequency;
    }

    /// <summary>Thread 1's side: says it is there, then answers each round trip.</summary>
    void AnswerRoundTrips()
    {
        long v = Volatile.Read(ref _probe[8]) + 1;
        Volatile.Write(ref _probe[8], v);
        for (int i = 1; i <= ProbeRoundTrips; i++)
        {
            while (Volatile.Read(ref _probe[0]) != v + i) { }
            Volatile.Write(ref _probe[8], v + i);
        }
    }
}
