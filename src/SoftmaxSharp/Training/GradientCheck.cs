using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Training;

/// <summary>One parameter block's comparison: the largest error of the analytic gradient against finite differences.</summary>
/// <param name="MaxRelativeError">maxᵢ |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, <see cref="GradientCheck.RelativeFloor"/>)</param>
/// <param name="WorstIndex">the element with the largest relative error</param>
public sealed record GradientCheckBlock(string Name, int Size, double MaxAbsGradient, double MaxAbsoluteError, double MaxRelativeError, int WorstIndex);

/// <summary>The result of <see cref="GradientCheck.Run"/>: one row per parameter block.</summary>
public sealed record GradientCheckResult(double Objective, IReadOnlyList<GradientCheckBlock> Blocks, double Threshold)
{
    /// <summary>The largest relative error over all blocks.</summary>
    public double MaxRelativeError => Blocks.Count == 0 ? 0 : Blocks.Max(b => b.MaxRelativeError);
    public bool Passed => MaxRelativeError <= Threshold;
}

/// <summary>
/// Compares a model's analytic gradient (<see cref="IDifferentiableModel.Objective"/>) with central finite differences
/// ∂J/∂θᵢ ≈ (J(θ + hεᵢ) − J(θ − hεᵢ)) / (2h), element by element, in double precision. Parameters are stored as
/// float, so the perturbed values are rounded: the quotient divides by the step actually taken,
/// (float)(θᵢ + h) − (float)(θᵢ − h), not by 2h. Works on any <see cref="IDifferentiableModel"/>; the model's
/// parameters are restored afterwards.
/// </summary>
public static class GradientCheck
{
    /// <summary>h: small enough that the O(h²) truncation error stays near 1e-8, large enough against float rounding of θ.</summary>
    public const double DefaultStep = 1e-3;
    /// <summary>A correct gradient stays orders of magnitude below this; a wrong one (a missing factor, sign, or term) far above.</summary>
    public const double DefaultThreshold = 1e-4;
    /// <summary>The denominator's floor: gradient elements smaller than this are compared by absolute error.</summary>
    public const double RelativeFloor = 1e-4;

    public static GradientCheckResult Run(IDifferentiableModel model, Dataset data, double l2 = 0, double step = DefaultStep, double threshold = DefaultThreshold)
    {
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), "the finite-difference step must be positive");
        var parameters = model.Parameters;
        var analytic = parameters.Select(p => new float[p.Values.Length]).ToArray();
        var scratch = parameters.Select(p => new float[p.Values.Length]).ToArray();   // gradients of the perturbed evaluations, unused
        double objective = model.Objective(data, analytic, l2);
        var blocks = new List<GradientCheckBlock>(parameters.Count);
        for (int b = 0; b < parameters.Count; b++)
        {
            float[] theta = parameters[b].Values;
            double maxAbs = 0, maxRelative = 0, maxGradient = 0;
            int worst = -1;
            for (int i = 0; i < theta.Length; i++)
            {
                float original = theta[i];
                float plus = (float)(original + step), minus = (float)(original - step);
                theta[i] = plus;
                double jPlus = model.Objective(data, scratch, l2);
                theta[i] = minus;
                double jMinus = model.Objective(data, scratch, l2);
                theta[i] = original;
                double numeric = (jPlus - jMinus) / ((double)plus - minus);       // central difference over the step taken
                double a = analytic[b][i];
                double error = Math.Abs(a - numeric);
                double relative = error / Math.Max(Math.Max(Math.Abs(a), Math.Abs(numeric)), RelativeFloor);
                maxGradient = Math.Max(maxGradient, Math.Abs(a));
                maxAbs = Math.Max(maxAbs, error);
                if (relative > maxRelative || worst < 0 || double.IsNaN(relative)) { maxRelative = double.IsNaN(relative) ? double.PositiveInfinity : relative; worst = i; }
            }
            blocks.Add(new GradientCheckBlock(parameters[b].Name, theta.Length, maxGradient, maxAbs, maxRelative, worst));
        }
        return new GradientCheckResult(objective, blocks, threshold);
    }

    /// <summary>
    /// A small random classification problem for gradient checks: n rows of d standard-normal features and labels
    /// drawn uniformly from k classes (every class present when n ≥ k).
    /// </summary>
    public static Dataset RandomClassification(int n, int d, int k, int seed)
    {
        var random = new Random(seed);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Normal(random);
        var y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i < k ? i : random.Next(k);
        return new Dataset(x, y, Names("x", d), Names("class", k), $"random problem (seed {seed})");
    }

    /// <summary>A small random regression problem: standard-normal features and targets y = xᵀw* + 0.5 + noise.</summary>
    public static Dataset RandomRegression(int n, int d, int seed)
    {
        var random = new Random(seed);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Normal(random);
        var w = Enumerable.Range(0, d).Select(_ => Normal(random)).ToArray();
        var t = new float[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0.5 + 0.3 * Normal(random);
            for (int j = 0; j < d; j++) s += w[j] * x[i * d + j];
            t[i] = (float)s;
        }
        return Dataset.Regression(x, t, Names("x", d), "y", $"random problem (seed {seed})");
    }

    /// <summary>Random values N(0, scale²) for every parameter block, so that the check does not run at the special point θ = 0.</summary>
    public static void Randomize(IDifferentiableModel model, int seed, double scale = 0.5)
    {
        var random = new Random(seed);
        foreach (var block in model.Parameters)
            for (int i = 0; i < block.Values.Length; i++) block.Values[i] = (float)(scale * Normal(random));
    }

    static string[] Names(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToArray();

    /// <summary>A standard normal sample (Box–Muller).</summary>
    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
