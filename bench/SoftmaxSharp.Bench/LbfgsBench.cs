using System.Diagnostics;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Bench;

/// <summary>One L-BFGS fit: median time of the runs, how the (deterministic) run ended, and its path: J after each iteration
/// and the median time from the start of Fit to that iteration.</summary>
public sealed record LbfgsFigures(string Setup, int Runs, double Seconds, double L2, double Tolerance, int MaxIterations,
    int Iterations, int Evaluations, double Objective, double GradientNorm, bool Converged, double TestAccuracy, LbfgsPoint[] Path)
{
    /// <summary>The first iteration whose J is within <paramref name="relative"/> of <paramref name="target"/> (or below it).</summary>
    public LbfgsPoint? FirstWithin(double target, double relative) =>
        Path.Cast<LbfgsPoint?>().FirstOrDefault(p => p!.Value.Objective <= target + relative * Math.Abs(target));
}

public readonly record struct LbfgsPoint(int Iteration, double Objective, double Seconds);

/// <summary>
/// Full-batch L-BFGS on J = mean CE + λ/2·‖W‖² with scikit-learn's defaults mapped to ours: C = 1 is
/// λ = 1/(n·C) = 1/n; scikit-learn's tol 1e-4 bounds the gradient of n·J, so ours is ‖∇J‖∞ ≤ 1e-4/n
/// (both also stop on scipy's relative change of J); at most 100 iterations (scikit-learn's max_iter) and to the tolerance.
/// </summary>
static class LbfgsBench
{
    public static List<LbfgsFigures> Run(Dataset train, Dataset test, int runs, bool smoke)
    {
        double l2 = TrainingOptions.L2FromC(1.0, train.Rows);
        var setups = smoke ? new[] { ("max 10 iterations", 10) } : new[] { ("C = 1, max 100 iterations", 100), ("C = 1, to tolerance (≤ 1000 iterations)", 1000) };
        var figures = new List<LbfgsFigures>();
        foreach (var (name, maxIterations) in setups)
        {
            var clock = new Stopwatch();
            var objectives = new double[maxIterations + 1];
            var seconds = new double[runs][];
            int run = 0;
            var options = new TrainingOptions
            {
                Solver = Solver.Lbfgs, L2 = l2, Tolerance = 1e-4 / train.Rows, MaxIterations = maxIterations, Scaling = Scaling.Pixels,
                OnIteration = i => { seconds[run][i.Iteration] = clock.Elapsed.TotalSeconds; objectives[i.Iteration] = i.Objective; },
            };
            var times = new List<double>();
            SoftmaxRegression model = null!;
            TrainingHistory history = null!;
            for (run = 0; run < runs; run++)
            {
                seconds[run] = new double[maxIterations + 1];
                model = new SoftmaxRegression();
                clock.Restart();
                history = model.Fit(train, options);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            var result = history.Lbfgs ?? throw new InvalidOperationException("an L-BFGS fit returned no L-BFGS result");
            var path = Enumerable.Range(1, result.Iterations)
                .Select(i => new LbfgsPoint(i, objectives[i], Report.Median(seconds.Select(s => s[i]).ToList()))).ToArray();
            figures.Add(new LbfgsFigures(name, runs, Report.Median(times), l2, options.Tolerance, maxIterations,
                result.Iterations, result.Evaluations, result.Objective, result.GradientNorm, result.Converged, model.Score(test), path));
        }
        return figures;
    }
}
