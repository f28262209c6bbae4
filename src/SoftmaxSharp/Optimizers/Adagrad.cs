using System.Numerics.Tensors;

namespace SoftmaxSharp.Optimizers;

/// <summary>
/// Adagrad, as PyTorch's <c>torch.optim.Adagrad</c>: every parameter's step shrinks with the sum of its squared gradients.
/// <code>
/// d ← g + λθ                      (weight decay λ)
/// η_t ← η / (1 + (t − 1)·δ)       (learning-rate decay δ)
/// s ← s + d²                      (state_sum, starting at the initial accumulator value)
/// θ ← θ − η_t · d / (√s + ε)
/// </code>
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <param name="learningRateDecay">δ ≥ 0</param>
    /// <param name="initialAccumulator">s at t = 0, ≥ 0</param>
    /// <param name="epsilon">ε &gt; 0, added to √s</param>
    public Adagrad(float learningRate = 0.01f, float learningRateDecay = 0f, float weightDecay = 0f, float initialAccumulator = 0f, float epsilon = 1e-10f)
        : base(learningRate, weightDecay, ["sum"], scratchCount: 2)
    {
        Check(learningRateDecay >= 0 && float.IsFinite(learningRateDecay), $"the learning-rate decay must be ≥ 0 (got {learningRateDecay})", "Use 0 (PyTorch's default)");
        Check(initialAccumulator >= 0 && float.IsFinite(initialAccumulator), $"the initial accumulator must be ≥ 0 (got {initialAccumulator})", "Use 0 (PyTorch's default)");
        Check(epsilon > 0 && float.IsFinite(epsilon), $"ε must be a positive number (got {epsilon})", "Use e.g. --eps 1e-10");
        LearningRateDecay = learningRateDecay;
        InitialAccumulator = initialAccumulator;
        Epsilon = epsilon;
    }

    public float LearningRateDecay { get; }
    public float InitialAccumulator { get; }
    public float Epsilon { get; }

    private protected override void Update(BlockState state, Span<float> parameter, ReadOnlySpan<float> gradient, float weightDecay)
    {
        Span<float> sum = state.Buffers[0], d = state.Scratch[0], std = state.Scratch[1];
        if (state.Steps == 1) sum.Fill(InitialAccumulator);
        if (weightDecay != 0) TensorPrimitives.MultiplyAdd(parameter, weightDecay, gradient, d);   // d ← g + λθ
        else gradient.CopyTo(d);
        float rate = (float)(LearningRate / (1 + (state.Steps - 1) * (double)LearningRateDecay));  // η_t ← η / (1 + (t − 1)δ)
        TensorPrimitives.MultiplyAdd(d, d, sum, sum);                                  // s ← s + d²
        TensorPrimitives.Sqrt(sum, std);                                               // √s + ε
        TensorPrimitives.Add(std, Epsilon, std);
        TensorPrimitives.Divide(d, std, d);                                            // θ ← θ − η_t · d / (√s + ε)
        TensorPrimitives.MultiplyAdd(d, -rate, parameter, parameter);
    }
}
