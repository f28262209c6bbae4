using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Bench;

/// <summary>
/// The machine's own limits, measured: memory read bandwidth (summing a buffer far larger than the
/// caches) and FMA throughput (independent accumulator chains, so the FMA units, not their latency,
/// set the pace), each with one thread and with two. Each figure is the best of several runs: a limit.
/// </summary>
/// <param name="ReadBytesPerSecond">[threads − 1] for 1 and 2 threads</param>
/// <param name="FlopsPerSecond">[threads − 1]; an FMA is 2 FLOP per lane; the widest accelerated vector</param>
public sealed record MachineLimits(double[] ReadBytesPerSecond, double[] FlopsPerSecond, int VectorBits, long BufferBytes)
{
    /// <summary>Threads the limits are measured with: 1 and 2 (the trainer uses at most two shards).</summary>
    public static readonly int[] ThreadCounts = [1, 2];

    /// <summary>The fastest an epoch can be on <paramref name="threads"/> threads: max(bytes / bandwidth, FLOP / FLOP rate).</summary>
    public double BoundSeconds(double bytes, double flops, int threads) =>
        Math.Max(bytes / ReadBytesPerSecond[threads - 1], flops / FlopsPerSecond[threads - 1]);

    /// <param name="bufferBytes">the read buffer: ≫ L2 and L3 (256 MB)</param>
    /// <param name="fmaIterations">loop trips of the FMA kernel per thread</param>
    public static MachineLimits Measure(long bufferBytes, long fmaIterations, int repeats)
    {
        int vectorBits = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        var read = new double[ThreadCounts.Length];
        var flops = new double[ThreadCounts.Length];
        var buffer = new float[bufferBytes / sizeof(float)];
        Array.Fill(buffer, 1f);                                   // touch every page before timing
        foreach (int threads in ThreadCounts)
        {
            read[threads - 1] = Best(repeats, () => bufferBytes / OnThreads(threads, t => SumSlice(buffer, t, threads)));
            flops[threads - 1] = Best(repeats, () => threads * FmaFlops(fmaIterations, vectorBits) / OnThreads(threads, _ => FmaChains(fmaIterations, vectorBits)));
        }
        return new MachineLimits(read, flops, vectorBits, bufferBytes);
    }

    static double Best(int repeats, Func<double> measure)
    {
        double best = 0;
        for (int r = 0; r < repeats + 1; r++) best = Math.Max(best, measure());   // +1: the first run warms up the JIT
        return best;
    }

    static volatile float s_sink;

    /// <summary>
    /// Seconds for <paramref name="threads"/> threads to run <paramref name="work"/>(thread index) together: from the first one's start
    /// to the last one's end, as the workers read the clock themselves (two workers and this thread on two cores: this thread may get
    /// a core only after a worker is done, and its own clock would then miss most of the work).
    /// </summary>
    static double OnThreads(int threads, Func<int, float> work)
    {
        using var start = new Barrier(threads);
        var began = new long[threads];
        var ended = new long[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            began[t] = Stopwatch.GetTimestamp();
            s_sink += work(t);
            ended[t] = Stopwatch.GetTimestamp();
        }) { IsBackground = true }).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        return (double)(ended.Max() - began.Min()) / Stopwatch.Frequency;
    }

    /// <summary>Σ of thread <paramref name="t"/>'s contiguous share of the buffer, four vector sums in flight.</summary>
    static float SumSlice(float[] buffer, int t, int threads)
    {
        long from = buffer.LongLength * t / threads, to = buffer.LongLength * (t + 1) / threads;
        ref float start = ref buffer[from];
        int n = (int)(to - from), i = 0, width = Vector256<float>.Count;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (; i + 4 * width <= n; i += 4 * width)
        {
            a0 += Vector256.LoadUnsafe(ref start, (nuint)i);
            a1 += Vector256.LoadUnsafe(ref start, (nuint)(i + width));
            a2 += Vector256.LoadUnsafe(ref start, (nuint)(i + 2 * width));
            a3 += Vector256.LoadUnsafe(ref start, (nuint)(i + 3 * width));
        }
        float sum = Vector256.Sum(a0 + a1 + a2 + a3);
        for (; i < n; i++) sum += Unsafe.Add(ref start, i);
        return sum;
    }

    /// <summary>Chains of the FMA kernel: enough independent accumulators to cover FMA latency × units (4 cycles × 2 ports = 8, plus margin).</summary>
    const int Chains = 12;

    static double FmaFlops(long iterations, int vectorBits) => 2.0 * Chains * iterations * (vectorBits / 32);

    static float FmaChains(long iterations, int vectorBits) => vectorBits switch
    {
        512 => Fma512(iterations),
        256 => Fma256(iterations),
        _ => Fma128(iterations),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Fma256(long iterations)
    {
        var a = Vector256.Create(0.9999999f);
        var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b); c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b); c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b); c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b); c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b); c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b); c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Fma512(long iterations)
    {
        var a = Vector512.Create(0.9999999f);
        var b = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b); c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Fma128(long iterations)
    {
        var a = Vector128.Create(0.9999999f);
        var b = Vector128.Create(1e-7f);
        Vector128<float> c0 = Vector128.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector128.FusedMultiplyAdd(c0, a, b); c1 = Vector128.FusedMultiplyAdd(c1, a, b);
            c2 = Vector128.FusedMultiplyAdd(c2, a, b); c3 = Vector128.FusedMultiplyAdd(c3, a, b);
            c4 = Vector128.FusedMultiplyAdd(c4, a, b); c5 = Vector128.FusedMultiplyAdd(c5, a, b);
            c6 = Vector128.FusedMultiplyAdd(c6, a, b); c7 = Vector128.FusedMultiplyAdd(c7, a, b);
            c8 = Vector128.FusedMultiplyAdd(c8, a, b); c9 = Vector128.FusedMultiplyAdd(c9, a, b);
            c10 = Vector128.FusedMultiplyAdd(c10, a, b); c11 = Vector128.FusedMultiplyAdd(c11, a, b);
        }
        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
