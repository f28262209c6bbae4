using SoftmaxSharp.Data;

namespace SoftmaxSharp.Models;

/// <summary>A named block of a model's parameters, e.g. "W" [k, d] or "b" [k]; <see cref="Values"/> is the model's live array.</summary>
public sealed record ParameterBlock(string Name, float[] Values);

/// <summary>
/// A model whose training objective and its gradient can be evaluated at its current parameters:
/// what <c>softmax gradcheck</c> compares with finite differences, and what L-BFGS minimizes.
/// </summary>
public interface IDifferentiableModel
{
    /// <summary>The parameters in a fixed order; writing to a block's Values changes the model.</summary>
    IReadOnlyList<ParameterBlock> Parameters { get; }

    /// <summary>
    /// J = mean loss over <paramref name="data"/> + λ/2·‖W‖² (weights only, not biases) at the current parameters,
    /// computed in double; writes ∂J/∂block into <paramref name="gradients"/>[i], shaped as <see cref="Parameters"/>[i].
    /// </summary>
    double Objective(Dataset data, float[][] gradients, double l2 = 0);
}
