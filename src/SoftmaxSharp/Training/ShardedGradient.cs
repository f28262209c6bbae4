using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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
/// Plain SGD on a small batch (<see cref="DescendBatch"/>, up to <see cref="ClassSplitUpTo"/> rows) splits the work
/// between the threads by classes instead, with the same numbers: each thread scores every row for its half of the
/// classes, they swap those scores, and each updates its own rows of W — so W never moves between the cores.
/// A whole epoch of plain SGD goes in one hand-over where it can (<see cref="DescendEpoch"/>, ShardedGradient.Epoch.cs).
/// </summary>
internal sealed partial class ShardedGradient : IDisposable
{
    /// <summary>Batches smaller than this are summed as one shard on the calling thread: a hand-over costs more than it saves.</summary>
    const int ParallelFrom = 16;
    /// <summary>Plain-SGD batches up to this many rows go by classes on two threads (each converts every row; larger batches pay that more than the traffic of W).</summary>
    const int ClassSplitUpTo = 64;

    readonly Shard[] _shards;
    readonly ShardWorker? _worker;                               // runs shard 1 while the calling thread runs shard 0
    readonly Action _runFirst;
    readonly Action _descendFirst;                            // DescendBatch on the calling thread: shard 0, then its half of the step
    // The batch both shards work on (the worker reads it after RunBoth hands over).
    float[] _weights = [];
    float[] _bias = [];
    RowSource? _source;
    int[] _rows = [];
    volatile Hand _hand;                                      // what the worker's hand-over is for
    int _start, _count;
    Core.WeightedCrossEntropy? _weighted;
    float _inverseOmega;                                      // 1/Ω of the whole batch, with _weighted
    float _learningRate;                                      // DescendBatch's η
    int _batch;                                               // DescendBatch's count of calls: the barrier's generation
    readonly int[] _shardDone = new int[2 * 16];              // [0], [16]: the last batch whose shard 0 / 1 is summed (a cache line each)
    readonly ClassHalf[] _halves;                             // by classes: thread s's buffers

    enum Hand { Compute, DescendRows, DescendClasses, DescendEpochByClasses, DescendEpochByRows, Probe }

    /// <param name="useWorker">run the second shard on a worker thread (default: when there are two or more cores)</param>
    public ShardedGradient(int k, int d, bool? useWorker = null)
    {
        _shards = [new Shard(k, d), new Shard(k, d)];
        _runFirst = () => RunShard(0);
        _halves = [new ClassHalf(0, k / 2, k, d), new ClassHalf(k / 2, k - k / 2, k, d)];
        _descendFirst = () =>
        {
            switch (_hand)
            {
                case Hand.DescendClasses: DescendClasses(0, _start, _count, _batch, _bias); break;
                case Hand.DescendEpochByClasses: DescendEpochByClasses(0); break;
                case Hand.DescendEpochByRows: DescendEpochByRows(0); break;
                case Hand.Probe: _probeNanoseconds = AskRoundTrips(); break;
                default: DescendShard(0); break;
            }
        };
        _worker = ShardWorker.Start(() =>
        {
            switch (_hand)
            {
                case Hand.DescendClasses: DescendClasses(1, _start, _count, _batch, _bias); break;
                case Hand.DescendEpochByClasses: DescendEpochByClasses(1); break;
                case Hand.DescendEpochByRows: DescendEpochByRows(1); break;
                case Hand.Probe: AnswerRoundTrips(); break;
                case Hand.DescendRows: DescendShard(1); break;
                default: RunShard(1); break;
            }
        }, "SoftmaxSharp gradient shard", useWorker);
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
        float[] gradW1 = _shards[1].GradW;
        if (_worker is not null)
        {
            MakeStreamingBuffers(weights.Length, bias.Length);
            _computeStreams = StreamBetweenCores ?? (weights.Length >= StreamFromFloats && CoresFar());
            if (_computeStreams)
            {
                Kernels.Streaming.CopyPastCaches(weights, _workerWeights!);   // the worker reads its own copy of W, so the step never waits to take W's lines back
                gradW1 = _publishedGradW[2];                                 // and publishes ∇₁ past the caches
            }
            try { _worker.RunBoth(_runFirst); }
            finally { _computeStreams = false; }
        }
        else
        {
            RunShard(1);
            RunShard(0);
        }

        // ∇ = ∇₀ + ∇₁, always in this order.
        TensorPrimitives.Add(_shards[0].GradW, gradW1, gradW);
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
            // by rows: each thread its shard, then its half of W ← W − η(∇₀ + ∇₁); by classes: each thread its classes' rows of W
            _hand = count <= ClassSplitUpTo && bias.Length >= 2 ? Hand.DescendClasses : Hand.DescendRows;
            try { _worker.RunBoth(_descendFirst); }
            finally { _hand = Hand.Compute; }
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
    /// The half the other thread stepped last batch is in the other core's cache: asked for first, it crosses while this thread
    /// gathers and converts its rows (batch 256 on the Zen 5 host: 8.0–8.6 ms an epoch instead of 8.2–9.3).
    /// </summary>
    void DescendShard(int s)
    {
        int batch = _batch;
        int length = _weights.Length, half = length / 2 & ~15;
        int from = s == 0 ? 0 : half, to = s == 0 ? half : length;
        Kernels.LinearKernels.Prefetch(MemoryMarshal.AsBytes(s == 0 ? _weights.AsSpan(half) : _weights.AsSpan(0, half)));
        try { RunShard(s); }
        finally { Volatile.Write(ref _shardDone[16 * s], batch); }            // arrives even when its shard failed: the other must not wait forever
        while (Volatile.Read(ref _shardDone[16 * (1 - s)]) != batch) Thread.SpinWait(1);
        StepFromShards(_weights.AsSpan(from, to - from), _shards[0].GradW.AsSpan(from, to - from), _shards[1].GradW.AsSpan(from, to - from), -_learningRate);
    }

    /// <summary>
    /// DescendBatch by classes on thread <paramref name="s"/> of two, the numbers of the shards by rows: thread s converts every row
    /// of the batch, scores them for its classes (z_c = W_c x for c in its half: the same sums as a whole row's), publishes those
    /// scores and takes the other half's, then runs the softmax and ∂L/∂z = (ŷ − y)/m of every row, shard by shard, as
    /// <see cref="BatchGradient.Accumulate(ReadOnlySpan{float}, ReadOnlySpan{float}, RowSource, ReadOnlySpan{int}, int, Span{float}, Span{float}, BatchGradient.Workspace, Core.WeightedCrossEntropy?, float, float, ReadOnlySpan{int}, bool)"/>
    /// does, and finally W_c ← W_c − η(∇₀ + ∇₁)_c for its own classes only. Thread 0 keeps the shards' loss, hits and ∇b.
    /// </summary>
    /// <param name="start">the batch: rows <see cref="_rows"/>[start .. start + count)</param>
    /// <param name="generation">the batch's number, the same on both threads: where they meet to swap scores (its parity picks the score buffers)</param>
    /// <param name="bias">b: the model's, or thread 1's own copy during <see cref="DescendEpoch"/></param>
    /// <param name="packedFresh">its packed rows of W are those of the model: the step of the batch before packed them (<see cref="DescendEpoch"/>)</param>
    void DescendClasses(int s, int start, int count, int generation, float[] bias, bool packedFresh = false)
    {
        int k = bias.Length, d = _source!.Columns, half = count / 2, parity = generation & 1;
        var mine = _halves[s];
        var work = _shards[s].Work;
        int first = mine.First, classes = mine.Classes;
        Span<float> x = work.Tile.AsSpan(0, count * d);                                   // X [count, d]: shard 0's rows, then shard 1's
        Span<float> ownWeights = _weights.AsSpan(first * d, classes * d);
        bool pixelScores = _source.ScoresPixels(classes);                                  // scored from pixels, with its rows of W packed
        try
        {
            float[] scores = _streaming ? mine.OwnScores : mine.Scores[parity];
            if (pixelScores && !packedFresh) Kernels.PixelScores.Pack(ownWeights, d, mine.PackedWeights);
            _source.GatherScores(_rows.AsSpan(start, count), x, pixelScores ? mine.PackedWeights : default, ownWeights, scores.AsSpan(0, count * classes),
                RowSource.Upcoming(_rows, start));                                        // X, and Z of its classes for both shards' rows
            if (_streaming) Kernels.Streaming.CopyPastCaches(scores.AsSpan(0, count * classes), mine.Scores[parity]);   // published past the caches (cores far apart)
        }
        finally { Volatile.Write(ref _shardDone[16 * s], generation); }                  // arrives even when it failed: the other must not wait forever
        WaitForTheOther(s, generation);

        Span<float> z = work.Scores.AsSpan(0, count * k), g = work.Gradient.AsSpan(0, count * k);
        var low = _halves[0]; var high = _halves[1];
        float[] lowScores = low.Scores[parity], highScores = high.Scores[parity];
        CopyColumns(lowScores, low.Classes, 0, z, k, 0, low.Classes, count);              // Z = [Z of classes 0.., Z of classes ..k]
        CopyColumns(highScores, high.Classes, 0, z, k, low.Classes, high.Classes, count);
        float inverseM = 1f / count;
        bool oneStep = Kernels.ClassStep.Runs(classes, d);                                // ∇₀, ∇₁ and the step in one pass (AVX-512, five classes)
        for (int shard = 0; shard < 2; shard++)
        {
            int from = shard == 0 ? 0 : half, rows = shard == 0 ? half : count - half;
            var totals = s == 0 ? _shards[shard] : null;                                  // thread 1's loss is thread 0's again: not kept
            Span<float> gradB = totals?.GradB ?? mine.GradB[shard];                       // (thread 1 keeps its ∇b for its own copy of b in DescendEpoch)
            gradB.Clear();
            var (loss, right) = BatchGradient.CrossEntropyTile(z.Slice(from * k, rows * k), bias, _source.Labels, _rows.AsSpan(start + from, rows), inverseM,
                g.Slice(from * k, rows * k), gradB, work.RowMax);                         // ŷ = softmax(z + b), g = (ŷ − y)/m
            if (totals is not null) (totals.LossSum, totals.Correct) = (loss, right);
            Span<float> ownG = mine.Gradient.AsSpan(oneStep ? from * classes : 0, rows * classes);   // ∂L/∂z of its classes
            CopyColumns(g.Slice(from * k, rows * k), k, first, ownG, classes, 0, classes, rows);
            if (!oneStep) Kernels.LinearKernels.OuterProduct(ownG, x.Slice(from * d, rows * d), mine.Partial[shard], classes, Kernels.LinearKernels.Vectorized);   // ∇ₛ of its classes = Gₛᵀ Xₛ
        }
        if (oneStep)                                                                      // W_c ← W_c − η(G₀ᵀX₀ + G₁ᵀX₁)_c, packed too when scored from pixels
            Kernels.ClassStep.Step(mine.Gradient.AsSpan(0, count * classes), x, half, ownWeights, -_learningRate, pixelScores ? mine.PackedWeights : default, d);
        else if (pixelScores)                                                             // W_c ← W_c − η(∇₀ + ∇₁)_c, and packed for the next batch
            StepFromShards(ownWeights, mine.Partial[0], mine.Partial[1], -_learningRate, mine.PackedWeights, d);
        else StepFromShards(ownWeights, mine.Partial[0], mine.Partial[1], -_learningRate);
    }

    /// <summary>
    /// Columns <paramref name="toAt"/> … + <paramref name="width"/> of each row r of <paramref name="to"/> [rows, toWidth] ← columns
    /// <paramref name="fromAt"/> … + width of row r of <paramref name="from"/> [rows, fromWidth]. Five floats (the halves of ten classes)
    /// are one fixed-size move a row: a span copy of 20 bytes is a call to Memmove, and the lectures' batch 32 made 96 a batch
    /// (4 % of its profile on the Zen 5 host).
    /// </summary>
    static void CopyColumns(ReadOnlySpan<float> from, int fromWidth, int fromAt, Span<float> to, int toWidth, int toAt, int width, int rows)
    {
        if (rows <= 0) return;
        if ((rows - 1) * fromWidth + fromAt + width > from.Length || (rows - 1) * toWidth + toAt + width > to.Length)
            throw new ArgumentException("the columns run past a buffer");
        if (width != 5)
        {
            for (int r = 0; r < rows; r++) from.Slice(r * fromWidth + fromAt, width).CopyTo(to.Slice(r * toWidth + toAt, width));
            return;
        }
        ref byte source = ref Unsafe.As<float, byte>(ref MemoryMarshal.GetReference(from));
        ref byte destination = ref Unsafe.As<float, byte>(ref MemoryMarshal.GetReference(to));
        for (int r = 0; r < rows; r++)
            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref destination, 4 * (r * toWidth + toAt)), ref Unsafe.Add(ref source, 4 * (r * fromWidth + fromAt)), 5 * sizeof(float));
    }

    /// <summary>
    /// <see cref="StepFromShards(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, float)"/> on W [k, d], which also writes the new W
    /// packed as <see cref="Kernels.PixelScores.Pack"/> does (class c's 8-column chunk j at [j/8][8c]), while it is in registers: the
    /// next batch's scores need no packing pass (on the Zen 5 host a lecture epoch spent 6 % of its time in Pack).
    /// </summary>
    static void StepFromShards(Span<float> weights, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scale, Span<float> packed, int d)
    {
        int k = weights.Length / d;
        if (packed.Length < k * (d / 8 * 8) || a.Length < weights.Length || b.Length < weights.Length) throw new ArgumentException("packed or a shard is too short for W");
        var s = Vector256.Create(scale);
        ref float w0 = ref MemoryMarshal.GetReference(weights);
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float p0 = ref MemoryMarshal.GetReference(packed);
        for (int c = 0; c < k; c++)
        {
            int row = c * d, j = 0;
            ref float pc = ref Unsafe.Add(ref p0, 8 * c);                          // class c's chunk j at [j/8][8c]: j·k + 8c
            for (; j <= d - 8; j += 8)
            {
                nuint at = (nuint)(row + j);
                var sum = Vector256.LoadUnsafe(ref a0, at) + Vector256.LoadUnsafe(ref b0, at);
                var w = sum * s + Vector256.LoadUnsafe(ref w0, at);              // as the unpacked step: the sum rounded, then multiply, then add
                w.StoreUnsafe(ref w0, at);
                w.StoreUnsafe(ref pc, (nuint)(j * k));
            }
            StepFromShards(weights.Slice(row + j, d - j), a.Slice(row + j, d - j), b.Slice(row + j, d - j), scale);   // the last d mod 8 columns
        }
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
        var shard = _shards[s];
        bool streams = s == 1 && _computeStreams;                           // Compute, cores far apart: the worker's W copy in, ∇₁ out past the caches
        Array.Clear(shard.GradB);
        (shard.LossSum, shard.Correct) = SumShard(s, streams ? _workerWeights! : _weights, _bias, _start, _count, shard.GradW, shard.GradB);
        if (streams) Kernels.Streaming.CopyPastCaches(shard.GradW, _publishedGradW[2]);
    }

    /// <summary>
    /// Shard s of the batch _rows[start .. start + count) — its first or second half — with W = <paramref name="weights"/>: ∇W into
    /// <paramref name="gradW"/> (overwritten: no clearing pass), ∇b added to <paramref name="gradB"/>; then asks for this thread's rows of
    /// the next batch of as many rows, its next to gather (not the other thread's). Returns the shard's summed loss and hits.
    /// </summary>
    (double LossSum, int Correct) SumShard(int s, float[] weights, float[] bias, int start, int count, float[] gradW, Span<float> gradB)
    {
        int half = count / 2;
        int from = start + (s == 0 ? 0 : half), length = s == 0 ? half : count - half;
        var result = BatchGradient.Accumulate(weights, bias, _source!, _rows.AsSpan(from, length), count, gradW, gradB, _shards[s].Work, _weighted, _inverseOmega,
            upcoming: _rows.AsSpan(from, length), overwrite: true);
        int next = start + count, nextFrom = next + (s == 0 ? 0 : Math.Min(count, _rows.Length - next) / 2);
        if (nextFrom < _rows.Length) _source!.PrefetchFirst(_rows.AsSpan(nextFrom));
        return result;
    }

    /// <summary>Thread <paramref name="s"/>, arrived at meeting <paramref name="generation"/>, waits for the other (which may already be one on); gives up if it failed.</summary>
    void WaitForTheOther(int s, int generation)
    {
        while (Volatile.Read(ref _shardDone[16 * (1 - s)]) < generation)
        {
            if (_abandoned) throw new OperationCanceledException("the other gradient thread failed");
            Thread.SpinWait(1);
        }
    }

    public void Dispose() => _worker?.Dispose();

    /// <summary>One thread's part of a batch by classes: classes [First, First + Classes), their scores, ∂L/∂z and the shards' ∇W rows.</summary>
    sealed class ClassHalf(int first, int classes, int k, int d)
    {
        public int First { get; } = first;
        public int Classes { get; } = classes;
        /// <summary>Z [rows, Classes] of the batch, for the other thread to read; two, by the batch's parity: in <see cref="DescendEpoch"/> a thread
        /// writes the next batch's while the other may still read this one's (never the one after: they meet at every batch)</summary>
        public float[][] Scores { get; } = [Kernels.AlignedArrays.Floats(ClassSplitUpTo * Math.Max(classes, 1)), Kernels.AlignedArrays.Floats(ClassSplitUpTo * Math.Max(classes, 1))];
        /// <summary>Z [rows, Classes] as it is summed, before it is streamed into <see cref="Scores"/> (DescendEpoch, cores far apart)</summary>
        public float[] OwnScores { get; } = new float[ClassSplitUpTo * classes];
        /// <summary>G [rows, Classes]: ∂L/∂z of its classes, of both shards' rows for <see cref="Kernels.ClassStep"/>, else one shard at a time</summary>
        public float[] Gradient { get; } = new float[ClassSplitUpTo * classes];
        /// <summary>∇b₀, ∇b₁ of thread 1 (thread 0 writes the shards')</summary>
        public float[][] GradB { get; } = [new float[k], new float[k]];
        /// <summary>thread 1's own b during <see cref="DescendEpoch"/>, and its ∇b = ∇b₀ + ∇b₁</summary>
        public float[] Bias { get; } = new float[k];
        public float[] SumGradB { get; } = new float[k];
        /// <summary>∇₀, ∇₁ of its classes [Classes, d]</summary>
        public float[][] Partial { get; } = [Kernels.AlignedArrays.Floats(classes * d), Kernels.AlignedArrays.Floats(classes * d)];
        /// <summary>its rows of W packed for <see cref="Kernels.PixelScores"/> (five or ten classes), else empty</summary>
        public float[] PackedWeights { get; } = Kernels.PixelScores.Takes(classes) ? Kernels.AlignedArrays.Floats(classes * d) : [];
    }

    sealed class Shard(int k, int d)
    {
        public float[] GradW { get; } = Kernels.AlignedArrays.Floats(k * d);
        public float[] GradB { get; } = new float[k];
        public BatchGradient.Workspace Work { get; } = new(k, d);
        public double LossSum;
        public int Correct;
    }
}
