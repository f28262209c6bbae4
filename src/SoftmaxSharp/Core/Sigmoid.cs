namespace SoftmaxSharp.Core;

/// <summary>σ(z) = 1 / (1 + e^(−z)), the two-class case of softmax: softmax([z₀, z₁])₁ = σ(z₁ − z₀) (lecture 002).</summary>
public static class Sigmoid
{
    /// <summary>σ(z), written so that e^x never overflows for either sign of z.</summary>
    public static float Of(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));

    /// <inheritdoc cref="Of(float)"/>
    public static double Of(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
