namespace SoftmaxSharp.Training;

/// <summary>
/// A differentiable function J: ℝⁿ → ℝ of a flat parameter vector, as <see cref="Lbfgs"/> minimizes it.
/// For a model, x is its parameter blocks one after the other (softmax regression: W [k, d] class-major, then b [k]).
/// </summary>
public interface IObjective
{
    /// <summary>n, the length of x.</summary>
    int Dimension { get; }

    /// <summary>Returns J(x) and writes ∇J(x) [n] into <paramref name="gradient"/>. Non-finite values are allowed (the line search steps back).</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
