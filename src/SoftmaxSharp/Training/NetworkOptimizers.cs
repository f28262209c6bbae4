using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Training;

/// <summary>
/// An update rule θ ← update(θ, ∇θ) over a model's parameter blocks, called once per mini-batch.
/// (The network's own minimal pair, SGD and Adam, until the shared optimizers of issue 4 replace them.)
/// </summary>
public interface IParameterOptimizer
{
    /// <summary>Updates every block's Values in place from <paramref name="gradients"/>[i], shaped as block i.</summary>
    void Step(IReadOnlyList<ParameterBlock> parameters, float[][] gradients);
}

/// <summary>Plain gradient descent, θ ← θ − η∇θ (lecture 003's update).</summary>
public sealed class SgdUpdate : IParameterOptimizer
{
    public SgdUpdate(float learningRate)
    {
        if (!(learningRate > 0) || !float.IsFinite(learningRate)) throw new UserInputException($"the learning rate must be a positive number (got {learningRate})", "Use e.g. --lr 0.1");
        LearningRate = learningRate;
    }

    /// <summary>η</summary>
    public float LearningRate { get; }

    public void Step(IReadOnlyList<ParameterBlock> parameters, float[][] gradients)
    {
        for (int i = 0; i < parameters.Count; i++)
            TensorPrimitives.MultiplyAdd(gradients[i], -LearningRate, parameters[i].Values, parameters[i].Values);   // θ ← θ − η∇θ
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba 2015), as PyTorch's <c>torch.optim.Adam</c> writes it, at step t:
/// <code>
///   m ← β₁m + (1 − β₁)g          exp_avg
///   v ← β₂v + (1 − β₂)g²         exp_avg_sq
///   θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
/// </code>
/// </summary>
public sealed class AdamUpdate : IParameterOptimizer
{
    float[][]? _m, _v;
    int _t;

    public AdamUpdate(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        if (!(learningRate > 0) || !float.IsFinite(learningRate)) throw new UserInputException($"the learning rate must be a positive number (got {learningRate})", "Use e.g. --lr 0.001 for Adam");
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new UserInputException($"Adam's β₁, β₂ must be in [0, 1) (got {beta1}, {beta2})", "Use the defaults 0.9 and 0.999");
        LearningRate = learningRate; Beta1 = beta1; Beta2 = beta2; Epsilon = epsilon;
    }

    public float LearningRate { get; }
    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }

    public void Step(IReadOnlyList<ParameterBlock> parameters, float[][] gradients)
    {
        _m ??= parameters.Select(p => new float[p.Values.Length]).ToArray();
        _v ??= parameters.Select(p => new float[p.Values.Length]).ToArray();
        _t++;
        float correction1 = 1f - MathF.Pow(Beta1, _t), correction2 = 1f - MathF.Pow(Beta2, _t);
        float stepSize = LearningRate / correction1, rootCorrection2 = MathF.Sqrt(correction2);
        for (int i = 0; i < parameters.Count; i++) Update(parameters[i].Values, gradients[i], _m[i], _v[i], stepSize, rootCorrection2);
    }

    /// <summary>θ ← θ − (η/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε), PyTorch's arrangement of the same formula.</summary>
    void Update(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float stepSize, float rootCorrection2)
    {
        int n = theta.Length, i = 0;
        float b1 = Beta1, b2 = Beta2, eps = Epsilon;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(b1); var vc1 = Vector256.Create(1f - b1);
            var vb2 = Vector256.Create(b2); var vc2 = Vector256.Create(1f - b2);
            var vstep = Vector256.Create(stepSize); var vroot = Vector256.Create(rootCorrection2); var veps = Vector256.Create(eps);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gv = Vector256.Create(g.Slice(i, Vector256<float>.Count));
                var mv = vb1 * Vector256.Create(m.Slice(i, Vector256<float>.Count)) + vc1 * gv;
                var vv = vb2 * Vector256.Create(v.Slice(i, Vector256<float>.Count)) + vc2 * gv * gv;
                var denominator = Vector256.Sqrt(vv) / vroot + veps;
                var updated = Vector256.Create(theta.Slice(i, Vector256<float>.Count)) - vstep * mv / denominator;
                mv.CopyTo(m.Slice(i));
                vv.CopyTo(v.Slice(i));
                updated.CopyTo(theta.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            m[i] = b1 * m[i] + (1f - b1) * g[i];
            v[i] = b2 * v[i] + (1f - b2) * g[i] * g[i];
            theta[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / rootCorrection2 + eps);
        }
    }
}
