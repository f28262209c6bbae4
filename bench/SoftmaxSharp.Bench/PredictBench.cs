using System.Diagnostics;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Bench;

/// <summary>PredictProba over the test images: median of many runs, allocating (the public one-call form) and into a reused buffer.</summary>
public sealed record PredictFigures(int Rows, int Runs, double AllocatingSeconds, double IntoBufferSeconds);

static class PredictBench
{
    public static PredictFigures Run(SoftmaxRegression model, float[] x, int runs)
    {
        int n = x.Length / model.Features;
        var probabilities = new float[n * model.Classes];
        for (int i = 0; i < 3; i++) model.PredictProba(x, probabilities);   // warm-up: JIT tiers, caches
        double allocating = Median(runs, () => model.PredictProba(x));
        double intoBuffer = Median(runs, () => model.PredictProba(x, probabilities));
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
