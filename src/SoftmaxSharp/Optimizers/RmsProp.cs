using System.Numerics.Tensors;

namespace SoftmaxSharp.Optimizers;

/// <summary>
/// RMSprop, as PyTorch's <c>torch.optim.RMSprop</c>: the step is divided by a running root mean square of the gradients.
/// <code>
/// d ← g + λθ                          (weight decay λ)
/// v ← α·v + (1 − α)·d²                (square_avg)
/// centered: ḡ ← α·ḡ + (1 − α)·d, r ← √(v − ḡ²) + ε;  else r ← √v + ε
/// momentum μ &gt; 0: buf ← μ·buf + d / r, θ ← θ − η·buf;  else θ ← θ − η·d / r
/// </code>
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <param name="alpha">α in [0, 1): the smoothing constant</param>
    /// <param name="epsilon">ε &gt; 0</param>
    /// <param name="momentum">μ in [0, 1)</param>
    /// <param name="centered">divide by an estimate of the gradient's variance instead of its second moment</param>
    public RmsProp(float learningRate = 0.01f, float alpha = 0.99f, float epsilon = 1e-8f, float weightDecay = 0f, float momentum = 0f, bool centered = false)
        : base(learningRate, weightDecay, StateNames(momentum, centered), scratchCount: 2)
    {
        Check(alpha >= 0 && alpha < 1, $"α must be in [0, 1) (got {alpha})", "Use 0.99 (PyTorch's default)");
        Check(epsilon > 0 && float.IsFinite(epsilon), $"ε must be a positive number (got {epsilon})", "Use e.g. --eps 1e-8");
        Check(momentum >= 0 && momentum < 1, $"the momentum must be in [0, 1) (got {momentum})", "Use e.g. --momentum 0.9");
        Alpha = alpha;
        Epsilon = epsilon;
        Momentum = momentum;
        Centered = centered;
    }

    public float Alpha { get; }
    public float Epsilon { get; }
    public float Momentum { get; }
    public bool Centered { get; }

    static string[] StateNames(float momentum, bool centered) =>
        ["square_avg", .. momentum > 0 ? ["momentum_buffer"] : Array.Empty<string>(), .. centered ? ["grad_avg"] : Array.Empty<string>()];

    private protected override void Update(BlockState state, Span<float> parameter, ReadOnlySpan<float> gradient, float weightDecay)
    {
        Span<float> squareAvg = state.Buffers[0], d = state.Scratch[0], r = state.Scratch[1];
        if (weightDecay != 0) TensorPrimitives.MultiplyAdd(parameter, weightDecay, gradient, d);   // d ← g + λθ
        else gradient.CopyTo(d);
        TensorPrimitives.Multiply(squareAvg, Alpha, squareAvg);                       // v ← α·v + (1 − α)·d²
        TensorPrimitives.Multiply(d, 1 - Alpha, r);
        TensorPrimitives.MultiplyAdd(r, d, squareAvg, squareAvg);
        if (Centered)
        {
            Span<float> gradAvg = state.Buffers[^1];
            TensorPrimitives.Multiply(gradAvg, Alpha, gradAvg);                       // ḡ ← α·ḡ + (1 − α)·d
            TensorPrimitives.MultiplyAdd(d, 1 - Alpha, gradAvg, gradAvg);
            TensorPrimitives.Multiply(gradAvg, gradAvg, r);                           // r ← √(v − ḡ²) + ε
            TensorPrimitives.Subtract(squareAvg, r, r);
            TensorPrimitives.Sqrt(r, r);
        }
        else TensorPrimitives.Sqrt(squareAvg, r);                                     // r ← √v + ε
        TensorPrimitives.Add(r, Epsilon, r);
        TensorPrimitives.Divide(d, r, d);                                             // d / r
        if (Momentum > 0)
        {
            Span<float> buffer = state.Buffers[1];
            TensorPrimitives.Multiply(buffer, Momentum, buffer);                      // buf ← μ·buf + d / r
            TensorPrimitives.Add(buffer, d, buffer);
            TensorPrimitives.MultiplyAdd(buffer, -LearningRate, parameter, parameter); // θ ← θ − η·buf
        }
        else TensorPrimitives.MultiplyAdd(d, -LearningRate, parameter, parameter);    // θ ← θ − η·d / r
    }
}
