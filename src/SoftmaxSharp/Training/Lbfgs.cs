using System.Numerics.Tensors;

namespace SoftmaxSharp.Training;

/// <summary>Why <see cref="Lbfgs"/> stopped.</summary>
public enum LbfgsStop
{
    /// <summary>‖∇J‖∞ ≤ tolerance: converged (scipy's pgtol test, as scikit-learn uses it).</summary>
    GradientTolerance,
    /// <summary>(J_prev − J) / max(|J_prev|, |J|, 1) ≤ the objective tolerance: no more progress worth a step (scipy's factr test).</summary>
    ObjectiveChange,
    /// <summary>The iteration limit was reached first.</summary>
    MaxIterations,
    /// <summary>No step along the search direction, nor along −∇J, lowered J: J is flat to its numerical precision here.</summary>
    LineSearchFailed,
}

/// <summary>The settings of <see cref="Lbfgs"/>; the defaults are scikit-learn's <c>LogisticRegression(solver='lbfgs')</c> where it has one.</summary>
public sealed record LbfgsOptions
{
    /// <summary>Stop when ‖∇J‖∞ ≤ this (1e-4, also the default of scikit-learn's <c>tol</c>, which bounds the gradient of its Σ CE + ‖W‖²/(2C) = n·J instead).</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Stop when an iteration lowers J by at most this much, relative to max(|J|, 1) (scipy's default factr 1e7 × machine ε).</summary>
    public double ObjectiveTolerance { get; init; } = 1e7 * 2.220446049250313e-16;
    /// <summary>At most this many iterations (scikit-learn's <c>max_iter</c>, 100).</summary>
    public int MaxIterations { get; init; } = 100;
    /// <summary>m, the number of (s, y) pairs kept for the inverse-Hessian estimate (scipy's default 10).</summary>
    public int History { get; init; } = 10;
    /// <summary>Evaluations of J allowed per line search.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 20;
    /// <summary>Called after every iteration (the library prints nothing itself).</summary>
    public Action<LbfgsIteration>? OnIteration { get; init; }

    /// <summary>Throws a <see cref="UserInputException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance)) throw new UserInputException($"the tolerance must be a number ≥ 0 (got {Tolerance})", "Use e.g. --tol 1e-4");
        if (!(ObjectiveTolerance >= 0) || !double.IsFinite(ObjectiveTolerance)) throw new UserInputException($"the objective tolerance must be a number ≥ 0 (got {ObjectiveTolerance})", "Use e.g. 1e-9");
        if (MaxIterations < 1) throw new UserInputException($"the iteration limit must be at least 1 (got {MaxIterations})", "Use e.g. --max-iter 100");
        if (History < 1) throw new UserInputException($"the L-BFGS history must hold at least 1 pair (got {History})", "Use e.g. 10");
        if (MaxLineSearchEvaluations < 1) throw new UserInputException($"a line search needs at least 1 evaluation (got {MaxLineSearchEvaluations})", "Use e.g. 20");
    }
}

/// <summary>The state after one L-BFGS iteration: J, ‖∇J‖∞, the accepted step length α and the evaluations of J so far.</summary>
public readonly record struct LbfgsIteration(int Iteration, double Objective, double GradientNorm, double Step, int Evaluations);

/// <summary>How a minimization ended: the iterations and evaluations of J it took, J and ‖∇J‖∞ at the result, and why it stopped.</summary>
public sealed record LbfgsResult(LbfgsStop Reason, int Iterations, int Evaluations, double Objective, double GradientNorm)
{
    /// <summary>True when the gradient test or the objective-change test ended the run (not a limit or a failed search).</summary>
    public bool Converged => Reason is LbfgsStop.GradientTolerance or LbfgsStop.ObjectiveChange;

    /// <summary>The reason in words, e.g. "converged: ‖∇J‖∞ = 8.1e-05 ≤ tolerance".</summary>
    public string Describe() => Reason switch
    {
        LbfgsStop.GradientTolerance => $"converged: ‖∇J‖∞ = {GradientNorm:G3} ≤ the tolerance",
        LbfgsStop.ObjectiveChange => $"converged: the last iteration changed J by less than the objective tolerance (‖∇J‖∞ = {GradientNorm:G3})",
        LbfgsStop.MaxIterations => $"stopped at the iteration limit before ‖∇J‖∞ ≤ the tolerance (‖∇J‖∞ = {GradientNorm:G3})",
        LbfgsStop.LineSearchFailed => $"stopped: no step lowers J any more, it is flat to its numerical precision here (‖∇J‖∞ = {GradientNorm:G3})",
        _ => Reason.ToString(),
    };
}

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Alg. 7.4 and 7.5): the search
/// direction p = −H∇J comes from the two-loop recursion over the last m pairs sᵢ = x_{i+1} − xᵢ,
/// yᵢ = ∇J_{i+1} − ∇Jᵢ, with H₀ = (sᵀy / yᵀy)·I; the step length α satisfies the strong Wolfe conditions
/// J(x + αp) ≤ J(x) + c₁α∇Jᵀp and |∇J(x + αp)ᵀp| ≤ c₂|∇Jᵀp| (c₁ = 1e-4, c₂ = 0.9), found by bracketing and
/// zoom with cubic interpolation (Alg. 3.5 and 3.6). All vector arithmetic and dot products are in double.
/// Allocates its buffers once per call; the iterations allocate nothing.
/// </summary>
public static class Lbfgs
{
    const double C1 = 1e-4, C2 = 0.9;

    /// <summary>Minimizes J from <paramref name="x"/> [n], which is overwritten with the result.</summary>
    public static LbfgsResult Minimize(IObjective objective, Span<double> x, LbfgsOptions? options = null)
    {
        options ??= new LbfgsOptions();
        options.Validate();
        if (x.Length != objective.Dimension) throw new ArgumentException($"x has {x.Length} values, the objective takes {objective.Dimension}", nameof(x));
        double[] point = x.ToArray();
        LbfgsResult result = Run(objective, point, options);
        point.CopyTo(x);
        return result;
    }

    /// <summary>
    /// Fits any <see cref="Models.IDifferentiableModel"/> (logistic, linear, softmax regression) by minimizing its
    /// mean loss + λ/2·‖W‖² on <paramref name="data"/>, starting from its current parameters, which hold the result.
    /// </summary>
    public static LbfgsResult Minimize(Models.IDifferentiableModel model, Data.Dataset data, double l2, LbfgsOptions? options = null)
    {
        if (!(l2 >= 0) || !double.IsFinite(l2)) throw new UserInputException($"the L2 strength λ must be a number ≥ 0 (got {l2})", "Use e.g. --l2 1e-4");
        var objective = new ModelObjective(model, data, l2);
        var x = new double[objective.Dimension];
        objective.Read(x);
        LbfgsResult result = Minimize(objective, x, options);
        objective.Write(x);
        return result;
    }

    static LbfgsResult Run(IObjective objective, double[] x, LbfgsOptions options)
    {
        int n = x.Length, m = options.History;
        var s = new double[m][];                                  // sᵢ = x_{i+1} − xᵢ [m][n], a ring; newest at index `newest`
        var y = new double[m][];                                  // yᵢ = ∇J_{i+1} − ∇Jᵢ [m][n]
        for (int i = 0; i < m; i++) { s[i] = new double[n]; y[i] = new double[n]; }
        var rho = new double[m];                                  // ρᵢ = 1 / yᵢᵀsᵢ
        var alpha = new double[m];                                // the two-loop's αᵢ
        var gradient = new double[n];                             // ∇J(x)
        var direction = new double[n];                            // p
        var trial = new double[n];                                // x + αp
        var trialGradient = new double[n];                        // ∇J(x + αp)
        var search = new LineSearch(objective, x, direction, trial, trialGradient, options.MaxLineSearchEvaluations);

        double f = objective.Evaluate(x, gradient);
        int evaluations = 1, iterations = 0, stored = 0, newest = -1;
        double norm = InfinityNorm(gradient);
        if (!double.IsFinite(f) || !double.IsFinite(norm))
            throw new UserInputException($"the objective is not finite at the starting point (J = {f}, ‖∇J‖∞ = {norm})", "Scale the features (e.g. --scale standardize) or start from zero weights");
        if (norm <= options.Tolerance) return new LbfgsResult(LbfgsStop.GradientTolerance, 0, evaluations, f, norm);

        while (true)
        {
            // p = −H∇J by the two-loop recursion (Alg. 7.4); with no pairs yet, steepest descent.
            gradient.CopyTo(direction, 0);
            for (int j = 0, i = newest; j < stored; j++, i = (i - 1 + m) % m)
            {
                alpha[i] = rho[i] * TensorPrimitives.Dot<double>(s[i], direction);                    // αᵢ = ρᵢ sᵢᵀq
                TensorPrimitives.MultiplyAdd<double>(y[i], -alpha[i], direction, direction);          // q ← q − αᵢyᵢ
            }
            if (stored > 0)                                                                            // r = H₀q, H₀ = (sᵀy / yᵀy)·I
                TensorPrimitives.Multiply<double>(direction, 1 / (rho[newest] * TensorPrimitives.Dot<double>(y[newest], y[newest])), direction);
            for (int j = 0, i = (newest - stored + 1 + m) % m; j < stored; j++, i = (i + 1) % m)
            {
                double beta = rho[i] * TensorPrimitives.Dot<double>(y[i], direction);                // β = ρᵢ yᵢᵀr
                TensorPrimitives.MultiplyAdd<double>(s[i], alpha[i] - beta, direction, direction);    // r ← r + sᵢ(αᵢ − β)
            }
            TensorPrimitives.Negate<double>(direction, direction);                                     // p = −r

            double slope = TensorPrimitives.Dot<double>(gradient, direction);                          // φ'(0) = ∇Jᵀp
            if (!(slope < 0))                                     // not a descent direction (rounding): forget the pairs
            {
                stored = 0;
                TensorPrimitives.Negate<double>(gradient, direction);
                slope = -TensorPrimitives.Dot<double>(gradient, gradient);
            }
            // Without pairs the first trial step has length 1/‖∇J‖₂ (as L-BFGS-B's); with pairs α = 1, the quasi-Newton step.
            double initial = stored == 0 ? Math.Min(1, 1 / Math.Sqrt(-slope)) : 1;
            var (found, step, fNew) = search.Run(f, slope, initial);
            evaluations += search.Evaluations;
            if (!found)
            {
                if (stored == 0) return new LbfgsResult(LbfgsStop.LineSearchFailed, iterations, evaluations, f, norm);
                stored = 0;                                       // retry once along −∇J without the pairs, as L-BFGS-B does
                continue;
            }

            // Keep (s, y) = (x_new − x, ∇J_new − ∇J) when sᵀy > 0, which the strong Wolfe conditions guarantee up to rounding.
            int next = (newest + 1) % m;
            TensorPrimitives.Subtract<double>(trial, x, s[next]);
            TensorPrimitives.Subtract<double>(trialGradient, gradient, y[next]);
            double sy = TensorPrimitives.Dot<double>(s[next], y[next]);
            if (sy > 1e-10 * TensorPrimitives.Dot<double>(y[next], y[next]))
            {
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.Min(stored + 1, m);
            }
            trial.CopyTo(x, 0);
            trialGradient.CopyTo(gradient, 0);
            double previous = f;
            f = fNew;
            norm = InfinityNorm(gradient);
            iterations++;
            options.OnIteration?.Invoke(new LbfgsIteration(iterations, f, norm, step, evaluations));

            if (norm <= options.Tolerance) return new LbfgsResult(LbfgsStop.GradientTolerance, iterations, evaluations, f, norm);
            if ((previous - f) / Math.Max(Math.Max(Math.Abs(previous), Math.Abs(f)), 1) <= options.ObjectiveTolerance)
                return new LbfgsResult(LbfgsStop.ObjectiveChange, iterations, evaluations, f, norm);
            if (iterations >= options.MaxIterations) return new LbfgsResult(LbfgsStop.MaxIterations, iterations, evaluations, f, norm);
        }
    }

    /// <summary>‖v‖∞ = max |vᵢ| (NaN if any is NaN).</summary>
    public static double InfinityNorm(ReadOnlySpan<double> v) => v.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(v));

    /// <summary>
    /// A step length α satisfying the strong Wolfe conditions for φ(α) = J(x + αp): bracketing (Nocedal &amp; Wright
    /// Alg. 3.5), then zoom (Alg. 3.6) with safeguarded cubic interpolation. When it finds one, the last evaluation
    /// was at the accepted point x + αp, left in <paramref name="trial"/> with its gradient in <paramref name="trialGradient"/>.
    /// </summary>
    sealed class LineSearch(IObjective objective, double[] x, double[] p, double[] trial, double[] trialGradient, int maxEvaluations)
    {
        /// <summary>Evaluations of J made by the last <see cref="Run"/>.</summary>
        public int Evaluations { get; private set; }

        /// <summary>(φ(α), φ'(α)) = (J(x + αp), ∇J(x + αp)ᵀp).</summary>
        (double F, double Slope) Phi(double step)
        {
            TensorPrimitives.MultiplyAdd<double>(p, step, x, trial);
            double f = objective.Evaluate(trial, trialGradient);
            Evaluations++;
            return (f, TensorPrimitives.Dot<double>(trialGradient, p));
        }

        /// <param name="f0">φ(0)</param>
        /// <param name="slope0">φ'(0) &lt; 0</param>
        /// <param name="step">the first α to try</param>
        public (bool Found, double Step, double Objective) Run(double f0, double slope0, double step)
        {
            Evaluations = 0;
            double previous = 0, fPrevious = f0, slopePrevious = slope0;
            while (Evaluations < maxEvaluations)
            {
                var (f, slope) = Phi(step);
                if (!(f <= f0 + C1 * step * slope0) || (Evaluations > 1 && f >= fPrevious))   // no sufficient decrease (or NaN): the minimum is bracketed
                    return Zoom(f0, slope0, previous, fPrevious, slopePrevious, step, f, slope);
                if (Math.Abs(slope) <= -C2 * slope0) return (true, step, f);                   // strong Wolfe: done
                if (slope >= 0)                                                                  // past a minimum: bracketed the other way round
                    return Zoom(f0, slope0, step, f, slope, previous, fPrevious, slopePrevious);
                // Still descending: extrapolate, to the cubic's minimizer kept within [α + 1.1Δ, α + 4Δ] (as MINPACK's dcsrch).
                double low = step + 1.1 * (step - previous), high = step + 4 * (step - previous);
                double next = Cubic(previous, fPrevious, slopePrevious, step, f, slope);
                next = double.IsFinite(next) && next > step ? Math.Clamp(next, low, high) : high;
                (previous, fPrevious, slopePrevious) = (step, f, slope);
                step = next;
            }
            return (false, 0, f0);
        }

        /// <summary>Alg. 3.6: lo satisfies sufficient decrease with the lowest φ so far, and φ'(lo)(hi − lo) &lt; 0.</summary>
        (bool Found, double Step, double Objective) Zoom(double f0, double slope0, double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi)
        {
            while (Evaluations < maxEvaluations && Math.Abs(hi - lo) > 1e-12 * Math.Max(Math.Abs(lo), Math.Abs(hi)))
            {
                double width = Math.Abs(hi - lo), left = Math.Min(lo, hi) + 0.1 * width, right = Math.Max(lo, hi) - 0.1 * width;
                double step = Cubic(lo, fLo, slopeLo, hi, fHi, slopeHi);
                step = double.IsFinite(step) ? Math.Clamp(step, left, right) : (lo + hi) / 2;   // NaN φ(hi): bisect
                var (f, slope) = Phi(step);
                if (!(f <= f0 + C1 * step * slope0) || f >= fLo) (hi, fHi, slopeHi) = (step, f, slope);
                else
                {
                    if (Math.Abs(slope) <= -C2 * slope0) return (true, step, f);
                    if (slope * (hi - lo) >= 0) (hi, fHi, slopeHi) = (lo, fLo, slopeLo);
                    (lo, fLo, slopeLo) = (step, f, slope);
                }
            }
            // No strong-Wolfe point within the budget: take lo if it lowered J (one more evaluation, so that the
            // last one is at the accepted point), as L-BFGS-B takes its best point.
            if (lo > 0 && fLo < f0)
            {
                var (f, _) = Phi(lo);
                return (f < f0, lo, f);
            }
            return (false, 0, f0);
        }

        /// <summary>
        /// The minimizer of the cubic interpolating φ and φ' at a and b (Nocedal &amp; Wright eq. 3.59); NaN when it has none.
        /// d₁ = φ'(a) + φ'(b) − 3(φ(a) − φ(b))/(a − b), d₂ = sign(b − a)·√(d₁² − φ'(a)φ'(b)),
        /// α = b − (b − a)·(φ'(b) + d₂ − d₁)/(φ'(b) − φ'(a) + 2d₂).
        /// </summary>
        public static double Cubic(double a, double fa, double slopeA, double b, double fb, double slopeB)
        {
            double d1 = slopeA + slopeB - 3 * (fa - fb) / (a - b);
            double discriminant = d1 * d1 - slopeA * slopeB;
            if (!(discriminant >= 0)) return double.NaN;
            double d2 = Math.Sign(b - a) * Math.Sqrt(discriminant);
            return b - (b - a) * (slopeB + d2 - d1) / (slopeB - slopeA + 2 * d2);
        }
    }
}
