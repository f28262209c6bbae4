using System.Numerics.Tensors;

namespace SoftmaxSharp.Optimizers;

/// <summary>
/// Stochastic gradient descent, with optional momentum (heavy ball or Nesterov), as PyTorch's <c>torch.optim.SGD</c>:
/// <code>
/// d ← g + λθ                         (weight decay λ; for plain SGD this is L2 regularization)
/// buf ← d at t = 1, else μ·buf + (1 − τ)·d   (momentum μ, dampening τ)
/// d ← d + μ·buf (Nesterov)  or  d ← buf (momentum)
/// θ ← θ − η·d
/// </code>
/// With μ = 0 and λ = 0 a step is the single pass θ ← θ − ηg.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <param name="momentum">μ ≥ 0; 0 is plain SGD</param>
    /// <param name="dampening">τ in [0, 1]</param>
    /// <param name="nesterov">look ahead: needs μ &gt; 0 and τ = 0, as in PyTorch</param>
    public Sgd(float learningRate, float momentum = 0f, float dampening = 0f, bool nesterov = false, float weightDecay = 0f)
        : base(learningRate, weightDecay, momentum == 0 ? [] : ["momentum_buffer"], scratchCount: 1)
    {
        Check(momentum >= 0 && momentum < 1, $"the momentum must be in [0, 1) (got {momentum})", "Use e.g. --momentum 0.9");
        Check(dampening >= 0 && dampening <= 1, $"the dampening must be in [0, 1] (got {dampening})", "Use 0 (PyTorch's default)");
        Check(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum needs a momentum > 0 and no dampening", "Use e.g. --optimizer nesterov --momentum 0.9");
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    public float Momentum { get; }
    public float Dampening { get; }
    public bool Nesterov { get; }

    private protected override void Update(BlockState state, Span<float> parameter, ReadOnlySpan<float> gradient, float weightDecay)
    {
        float eta = LearningRate;
        if (Momentum == 0 && weightDecay == 0)
        {
            TensorPrimitives.MultiplyAdd(gradient, -eta, parameter, parameter);          // θ ← θ − ηg
            return;
        }
        ReadOnlySpan<float> d = gradient;
        if (weightDecay != 0)
        {
            TensorPrimitives.MultiplyAdd(parameter, weightDecay, gradient, state.Scratch[0]);   // d ← g + λθ
            d = state.Scratch[0];
        }
        if (Momentum != 0)
        {
            Span<float> buffer = state.Buffers[0];
            if (state.Steps == 1) d.CopyTo(buffer);                                        // buf ← d
            else
            {
                TensorPrimitives.Multiply(buffer, Momentum, buffer);                       // buf ← μ·buf + (1 − τ)·d
                TensorPrimitives.MultiplyAdd(d, 1 - Dampening, buffer, buffer);
            }
            if (Nesterov)
            {
                TensorPrimitives.MultiplyAdd(buffer, Momentum, d, state.Scratch[0]);       // d ← d + μ·buf
                d = state.Scratch[0];
            }
            else d = buffer;                                                               // d ← buf
        }
        TensorPrimitives.MultiplyAdd(d, -eta, parameter, parameter);                       // θ ← θ − η·d
    }
}
