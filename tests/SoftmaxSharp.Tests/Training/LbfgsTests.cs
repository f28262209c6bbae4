using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>The minimizer on functions whose minimum is known.</summary>
public class LbfgsTests
{
    /// <summary>Rosenbrock's f(a, b) = (1 − a)² + 100(b − a²)², minimum 0 at (1, 1), a curved narrow valley.</summary>
    sealed class Rosenbrock : IObjective
    {
        public int Evaluations;
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            Evaluations++;
            double a = x[0], b = x[1];
            gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
            gradient[1] = 200 * (b - a * a);
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
        }
    }

    /// <summary>f(x) = ½ Σ aᵢ(xᵢ − cᵢ)², minimum 0 at c; aᵢ from 1 to <paramref name="condition"/>.</summary>
    sealed class Quadratic(int n, double condition) : IObjective
    {
        public int Dimension => n;
        public double Center(int i) => Math.Sin(i + 1);
        double Curvature(int i) => Math.Pow(condition, (double)i / (n - 1));

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double e = x[i] - Center(i);
                f += Curvature(i) * e * e / 2;
                gradient[i] = Curvature(i) * e;
            }
            return f;
        }
    }

    /// <summary>Reports a gradient of the wrong sign: no step along −H∇ lowers f, so the line search must give up, not loop.</summary>
    sealed class WrongGradient : IObjective
    {
        public int Dimension => 1;
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = -2 * (x[0] - 3);
            return (x[0] - 3) * (x[0] - 3);
        }
    }

    [Fact]
    public void Rosenbrock_FromTheClassicStart_ReachesTheMinimumWithFewEvaluations()
    {
        var f = new Rosenbrock();
        double[] x = [-1.2, 1];
        var objectives = new List<double>();
        var result = Lbfgs.Minimize(f, x, new LbfgsOptions { Tolerance = 1e-8, ObjectiveTolerance = 0, OnIteration = i => objectives.Add(i.Objective) });

        Assert.Equal(LbfgsStop.GradientTolerance, result.Reason);
        Assert.True(result.Converged);
        Assert.Equal(1, x[0], 1e-7);
        Assert.Equal(1, x[1], 1e-7);
        Assert.True(result.GradientNorm <= 1e-8);
        Assert.Equal(f.Evaluations, result.Evaluations);
        Assert.Equal(result.Iterations, objectives.Count);
        Assert.InRange(result.Iterations, 20, 60);               // scipy's L-BFGS-B (gtol 1e-8, ftol 0): 38 iterations, 46 evaluations
        Assert.True(result.Evaluations <= 1.5 * result.Iterations + 5, $"{result.Evaluations} evaluations for {result.Iterations} iterations");
        for (int i = 1; i < objectives.Count; i++) Assert.True(objectives[i] < objectives[i - 1], $"J rose at iteration {i + 1}");
    }

    [Theory]
    [InlineData(1e2, 137, 144)]
    [InlineData(1e3, 429, 442)]
    public void IllConditionedQuadratic_ConvergesToItsCenter_InAboutAsManyStepsAsScipy(double condition, int scipyIterations, int scipyEvaluations)
    {
        // scipy.optimize.minimize(method='L-BFGS-B', options=dict(gtol=1e-10, ftol=0)) from 0 on this function
        // (scipy 1.10.1): κ = 100 → 137 iterations and 144 evaluations; κ = 1000 → 429 and 442.
        var f = new Quadratic(100, condition);
        var x = new double[100];
        var result = Lbfgs.Minimize(f, x, new LbfgsOptions { Tolerance = 1e-10, ObjectiveTolerance = 0, MaxIterations = 2000 });
        Assert.Equal(LbfgsStop.GradientTolerance, result.Reason);
        for (int i = 0; i < x.Length; i++) Assert.Equal(f.Center(i), x[i], 1e-9);
        Assert.InRange(result.Iterations, 0.9 * scipyIterations, 1.1 * scipyIterations);
        Assert.InRange(result.Evaluations, 0.9 * scipyEvaluations, 1.1 * scipyEvaluations);
    }

    [Fact]
    public void AStartThatIsAlreadyOptimal_TakesNoIteration()
    {
        var f = new Quadratic(3, 10);
        double[] x = [f.Center(0), f.Center(1), f.Center(2)];
        var result = Lbfgs.Minimize(f, x);
        Assert.Equal(new LbfgsResult(LbfgsStop.GradientTolerance, 0, 1, 0, 0), result);
    }

    [Fact]
    public void TheIterationLimit_StopsTheRunAndSaysSo()
    {
        double[] x = [-1.2, 1];
        var result = Lbfgs.Minimize(new Rosenbrock(), x, new LbfgsOptions { MaxIterations = 3 });
        Assert.Equal(LbfgsStop.MaxIterations, result.Reason);
        Assert.Equal(3, result.Iterations);
        Assert.False(result.Converged);
        Assert.Contains("iteration limit", result.Describe());
    }

    [Fact]
    public void ATinyRelativeChangeInJ_StopsTheRun()
    {
        double[] x = [-1.2, 1];
        var result = Lbfgs.Minimize(new Rosenbrock(), x, new LbfgsOptions { Tolerance = 0, ObjectiveTolerance = 1e-3 });
        Assert.Equal(LbfgsStop.ObjectiveChange, result.Reason);
        Assert.True(result.Converged);
    }

    [Fact]
    public void AGradientThatIsWrong_EndsInAFailedLineSearch_WithXUnchanged()
    {
        double[] x = [0];
        var result = Lbfgs.Minimize(new WrongGradient(), x);
        Assert.Equal(LbfgsStop.LineSearchFailed, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(0, x[0]);
        Assert.Equal(9, result.Objective);
    }

    [Fact]
    public void TheIterations_AllocateNothing()
    {
        static long Allocated(int iterations)
        {
            double[] x = [-1.2, 1];
            long before = GC.GetAllocatedBytesForCurrentThread();
            Lbfgs.Minimize(new Rosenbrock(), x, new LbfgsOptions { MaxIterations = iterations, Tolerance = 0, ObjectiveTolerance = 0 });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(30);                                            // warm up: JIT, statics
        Assert.Equal(Allocated(2), Allocated(30));                // the buffers are allocated per call, not per iteration
    }

    [Theory]
    [InlineData(-1, 10, 1)]
    [InlineData(double.NaN, 10, 1)]
    [InlineData(1e-4, 0, 1)]
    [InlineData(1e-4, 10, 0)]
    public void SettingsOutOfRange_AreUserErrors(double tolerance, int maxIterations, int history)
    {
        double[] x = [0, 0];
        Assert.Throws<UserInputException>(() => Lbfgs.Minimize(new Rosenbrock(), x, new LbfgsOptions { Tolerance = tolerance, MaxIterations = maxIterations, History = history }));
    }

    [Fact]
    public void ANonFiniteStart_IsAUserError()
    {
        double[] x = [double.NaN, 0];
        var error = Assert.Throws<UserInputException>(() => Lbfgs.Minimize(new Rosenbrock(), x));
        Assert.Contains("not finite at the starting point", error.Message);
    }
}
