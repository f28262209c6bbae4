using System.Diagnostics;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Bench;

/// <summary>PredictProba over the test images: median of many runs, allocating (the public one-call form) and into a reused buffer.</summary>
public sealed record PredictFigures(int Rows, int Runs, double AllocatingSeconds, double IntoBufferSeconds);

static class PredictBench
{
    public static PredictFigures Run(SoftmaxRegression model, float[] x, int runs, int warmUpMilliseconds)
    {
        int n = x.Length / model.Features;
        var probabilities = new float[n * model.Classes];
        // Warm-up for a while, not a few calls: right after the L-BFGS part, whichever series ran first measured 7–12 ms a call
        // instead of about 2.5 (with 3 or 60 warm-up calls, or 0.5 s of them; 2 s were enough).
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warmUp.ElapsedMilliseconds < warmUpMilliseconds; i++) model.PredictProba(x, probabilities);
        double intoBuffer = Median(runs, () => model.PredictProba(x, probabilities));
        double allocating = Median(runs, () => model.PredictProba(x));
        return new PredictFigures(n, runs, allocating, intoBuffer);
    }

    static double Median(int runs, Action action)
    {
        var times = new double[runs];
        var clock = new Stopwatch();
        for (int i = 0; i < runs; i++)
        {
            clock.Restart();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        return Report.Median(times);
    }
}
