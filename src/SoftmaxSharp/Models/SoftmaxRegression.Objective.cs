using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Models;

/// <summary>Softmax regression as an <see cref="IDifferentiableModel"/>: blocks "W" [k, d] and "b" [k].</summary>
public sealed partial class SoftmaxRegression : IDifferentiableModel
{
    ParameterBlock[]? _parameters;

    /// <summary>"W" [k, d] (class-major) and "b" [k], the live arrays.</summary>
    public IReadOnlyList<ParameterBlock> Parameters =>
        _parameters is { } p && ReferenceEquals(p[0].Values, Weights) && ReferenceEquals(p[1].Values, Bias) ? p
        : _parameters = [new ParameterBlock("W", Weights), new ParameterBlock("b", Bias)];

    /// <summary>
    /// J = (1/n) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) + λ/2·‖W‖² on <paramref name="data"/> (raw features, scaled by the model's scaler),
    /// with ∇W = (1/n) Σ (ŷ − y)xᵀ + λW and ∇b = (1/n) Σ (ŷ − y): the family's one gradient path with the softmax link.
    /// </summary>
    public double Objective(Dataset data, float[][] gradients, double l2 = 0)
    {
        CheckColumns(data);
        return LinearObjective.Evaluate(new SoftmaxLink(Classes), Weights, Bias, data, Scaler, gradients[0], gradients[1], l2);
    }
}
