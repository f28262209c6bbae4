using System.Diagnostics;

namespace SoftmaxSharp.Bench;

/// <summary>
/// How long a cache line takes to go from one core to the other and back: two threads hand a counter back and forth, each
/// spinning on the other's line — what every hand-over of a two-thread batch pays, and what W and ∇ pay per line on their
/// way between the cores. On a virtual machine it is not a constant: this one's two vCPUs alternate, minute by minute,
/// between spells of about 160 ns and of 500 ns and more, and batch 256's epoch follows (see bench/results).
/// </summary>
static class CoreRoundTrip
{
    /// <summary>The median round trip in nanoseconds over <paramref name="rounds"/> round trips, in groups of 1,000; NaN on one core.</summary>
    public static double MedianNanoseconds(int rounds = 20_000)
    {
        if (Environment.ProcessorCount < 2) return double.NaN;
        var lines = new long[32];                                   // [0] and [16]: a cache line each
        const int Group = 1_000;
        int groups = Math.Max(1, rounds / Group);
        var echo = new Thread(() =>
        {
            for (long i = 1; i <= (long)groups * Group; i++)
            {
                while (Volatile.Read(ref lines[0]) != i) Thread.SpinWait(1);
                Volatile.Write(ref lines[16], i);
            }
        }) { IsBackground = true };
        echo.Start();
        var nanoseconds = new List<double>();
        long round = 0;
        for (int g = 0; g < groups; g++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Group; i++)
            {
                Volatile.Write(ref lines[0], ++round);
                while (Volatile.Read(ref lines[16]) != round) Thread.SpinWait(1);
            }
            nanoseconds.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Group);
        }
        echo.Join();
        return Report.Median(nanoseconds);
    }
}
