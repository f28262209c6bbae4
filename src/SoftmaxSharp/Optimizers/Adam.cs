using System.Numerics.Tensors;

namespace SoftmaxSharp.Optimizers;

/// <summary>
/// Adam, as PyTorch's <c>torch.optim.Adam</c> (and, with <c>decoupled</c>, <c>torch.optim.AdamW</c>, see <see cref="AdamW"/>):
/// <code>
/// Adam:  d ← g + λθ         (weight decay λ, coupled: the same as L2)
/// AdamW: θ ← θ·(1 − ηλ),  d ← g   (decoupled weight decay)
/// m ← β₁·m + (1 − β₁)·d     (exp_avg)
/// v ← β₂·v + (1 − β₂)·d²    (exp_avg_sq)
/// θ ← θ − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
public class Adam : Optimizer
{
    /// <param name="beta1">β₁ in [0, 1)</param>
    /// <param name="beta2">β₂ in [0, 1)</param>
    /// <param name="epsilon">ε &gt; 0</param>
    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : this(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false) { }

    private protected Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled)
        : base(learningRate, weightDecay, ["exp_avg", "exp_avg_sq"], scratchCount: 2)
    {
        Check(beta1 >= 0 && beta1 < 1, $"β₁ must be in [0, 1) (got {beta1})", "Use 0.9 (PyTorch's default)");
        Check(beta2 >= 0 && beta2 < 1, $"β₂ must be in [0, 1) (got {beta2})", "Use 0.999 (PyTorch's default)");
        Check(epsilon > 0 && float.IsFinite(epsilon), $"ε must be a positive number (got {epsilon})", "Use e.g. --eps 1e-8");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Decoupled = decoupled;
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    /// <summary>AdamW: weight decay shrinks θ directly instead of entering the gradient.</summary>
    public bool Decoupled { get; }

    private protected override void Update(BlockState state, Span<float> parameter, ReadOnlySpan<float> gradient, float weightDecay)
    {
        Span<float> m = state.Buffers[0], v = state.Buffers[1], d = state.Scratch[0], work = state.Scratch[1];
        float eta = LearningRate;
        if (Decoupled)
        {
            if (weightDecay != 0) TensorPrimitives.Multiply(parameter, 1 - eta * weightDecay, parameter);   // θ ← θ·(1 − ηλ)
            gradient.CopyTo(d);
        }
        else if (weightDecay != 0) TensorPrimitives.MultiplyAdd(parameter, weightDecay, gradient, d);      // d ← g + λθ
        else gradient.CopyTo(d);

        TensorPrimitives.Multiply(m, Beta1, m);                                   // m ← β₁·m + (1 − β₁)·d
        TensorPrimitives.MultiplyAdd(d, 1 - Beta1, m, m);
        TensorPrimitives.Multiply(v, Beta2, v);                                   // v ← β₂·v + (1 − β₂)·d²
        TensorPrimitives.Multiply(d, 1 - Beta2, work);
        TensorPrimitives.MultiplyAdd(work, d, v, v);

        double t = state.Steps;
        double correction1 = 1 - Math.Pow(Beta1, t), correction2 = 1 - Math.Pow(Beta2, t);
        float stepSize = (float)(eta / correction1);                              // η/(1 − β₁ᵗ)
        TensorPrimitives.Sqrt(v, work);                                           // √v / √(1 − β₂ᵗ) + ε
        TensorPrimitives.Divide(work, (float)Math.Sqrt(correction2), work);
        TensorPrimitives.Add(work, Epsilon, work);
        TensorPrimitives.Divide(m, work, work);                                   // θ ← θ − η/(1 − β₁ᵗ) · m / (…)
        TensorPrimitives.MultiplyAdd(work, -stepSize, parameter, parameter);
    }
}

/// <summary>
/// AdamW, as PyTorch's <c>torch.optim.AdamW</c>: Adam with decoupled weight decay θ ← θ·(1 − ηλ) before the Adam step,
/// λ = 0.01 by default (see <see cref="Adam"/> for the update).
/// </summary>
public sealed class AdamW(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
    : Adam(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);
