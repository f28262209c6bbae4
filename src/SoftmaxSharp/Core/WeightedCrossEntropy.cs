namespace SoftmaxSharp.Core;

/// <summary>
/// Cross-entropy with class weights w [k], label smoothing ε and sample weights s, as PyTorch's
/// <c>CrossEntropyLoss(weight=w, label_smoothing=ε)</c> defines it. For one sample (x, y) with
/// s = its sample weight and ℓ_c = logsumexp(z) − z_c = −log ŷ_c:
/// <code>
///   L  = s · [ (1 − ε) w_y ℓ_y + (ε/k) Σ_c w_c ℓ_c ]                    the sample's weighted loss
///   ∂L/∂z = s · [ α ŷ − t ],  t_c = (1 − ε) w_y [c = y] + (ε/k) w_c,  α = Σ_c t_c
/// </code>
/// and the batch mean divides by Ω = Σᵢ sᵢ w_{yᵢ}, the batch's weight (PyTorch's weighted mean; with ε = 0
/// and s = w = 1 it is the plain mean (1/m) Σ ℓ_y and ∂L/∂z the lectures' (ŷ − y)/m). PyTorch divides both
/// terms, the smoothing one too, by Σ w_{yᵢ}, and so do we. Sample weights extend PyTorch's mean the natural way: Σ sᵢ Lᵢ / Σ sᵢ w_{yᵢ}.
/// </summary>
public sealed class WeightedCrossEntropy
{
    readonly float[] _classWeights;   // w [k]
    readonly float _classWeightSum;   // Σ_c w_c

    /// <param name="classWeights">w [k], each ≥ 0; null for all 1</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target is (1 − ε)·one-hot + ε/k</param>
    public WeightedCrossEntropy(int k, float[]? classWeights = null, float labelSmoothing = 0f)
    {
        if (classWeights is not null && classWeights.Length != k) throw new ArgumentException($"{classWeights.Length} class weights for {k} classes");
        if (classWeights is not null && classWeights.Any(w => !(w >= 0) || !float.IsFinite(w))) throw new ArgumentException("class weights must be finite and ≥ 0");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ArgumentException($"label smoothing {labelSmoothing} is not in [0, 1]");
        _classWeights = classWeights ?? Enumerable.Repeat(1f, k).ToArray();
        _classWeightSum = _classWeights.Sum();
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>w [k]</summary>
    public ReadOnlySpan<float> ClassWeights => _classWeights;
    /// <summary>ε</summary>
    public float LabelSmoothing { get; }

    /// <summary>sᵢ w_{yᵢ}: the sample's share of the batch weight Ω.</summary>
    public float SampleShare(int y, float sampleWeight) => sampleWeight * _classWeights[y];

    /// <summary>
    /// With ŷ [k] in <paramref name="gradient"/> (as the fused pass leaves it), writes ∂L/∂z · <paramref name="scale"/>
    /// there and returns the sample's weighted loss L (not scaled).
    /// </summary>
    /// <param name="z">the scores z [k]</param>
    /// <param name="logSumExp">logsumexp(z)</param>
    /// <param name="scale">1/Ω for the batch mean</param>
    public double Backward(ReadOnlySpan<float> z, float logSumExp, int y, float sampleWeight, float scale, Span<float> gradient)
    {
        int k = z.Length;
        float onTarget = (1 - LabelSmoothing) * _classWeights[y];   // (1 − ε) w_y
        float spread = LabelSmoothing / k;                           // ε/k
        double loss = onTarget * (double)(logSumExp - z[y]);         // (1 − ε) w_y ℓ_y
        if (spread != 0)
            for (int c = 0; c < k; c++) loss += spread * _classWeights[c] * (double)(logSumExp - z[c]);   // (ε/k) Σ w_c ℓ_c
        float alpha = onTarget + spread * _classWeightSum;          // α = Σ_c t_c
        float factor = sampleWeight * scale;
        for (int c = 0; c < k; c++)
            gradient[c] = factor * (alpha * gradient[c] - spread * _classWeights[c]);   // s (α ŷ − t), t without its y term
        gradient[y] -= factor * onTarget;                           // … − s (1 − ε) w_y at c = y
        return sampleWeight * loss;
    }
}
