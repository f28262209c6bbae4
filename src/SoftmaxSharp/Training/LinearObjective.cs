using SoftmaxSharp.Core;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Training;

/// <summary>
/// The objective of every linear model of the family, in double precision (for gradient checks and L-BFGS):
/// <code>
///   z = Wx + b,   J = (1/n) Σ L(zᵢ, yᵢ) + λ/2·‖W‖²
///   ∂L/∂z = ŷ − y                     the link's one line (softmax, sigmoid or identity)
///   ∇W = (1/n) Σ (ŷ − y) xᵀ + λW,   ∇b = (1/n) Σ (ŷ − y)
/// </code>
/// Only the link differs between softmax, logistic and linear regression. Rows are scaled by the model's scaler;
/// sample weights are not applied (the plain mean).
/// </summary>
public static class LinearObjective
{
    /// <param name="weights">W [k, d]</param>
    /// <param name="bias">b [k]</param>
    /// <param name="gradW">∇W [k, d], overwritten</param>
    /// <param name="gradB">∇b [k], overwritten</param>
    public static double Evaluate<TLink>(TLink link, float[] weights, float[] bias, Dataset data, FeatureScaler scaler,
        Span<float> gradW, Span<float> gradB, double l2) where TLink : IOutputLink
    {
        int k = link.Outputs, d = data.Columns, n = data.Rows;
        if (weights.Length != k * d || bias.Length != k) throw new ArgumentException($"W, b are not [{k}, {d}], [{k}]");
        if (n == 0) throw new UserInputException($"{data.Source}: the data has no rows", "Give at least one row");
        var x = new float[d];
        var z = new double[k];
        var dz = new double[k];
        var sumW = new double[k * d];
        var sumB = new double[k];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            data.CopyRow(i, x);
            scaler.TransformInPlace(x);
            for (int c = 0; c < k; c++)
            {
                double s = bias[c];
                for (int j = 0; j < d; j++) s += (double)weights[c * d + j] * x[j];
                z[c] = s;                                                        // z = Wx + b
            }
            loss += link.Backward(z, data.Targets?[i] ?? data.Labels[i], dz);                                     // L, ∂L/∂z = ŷ − y
            for (int c = 0; c < k; c++)
            {
                sumB[c] += dz[c];                                                // ∇b += ŷ − y
                for (int j = 0; j < d; j++) sumW[c * d + j] += dz[c] * x[j];     // ∇W += (ŷ − y) xᵀ
            }
        }
        double penalty = 0;
        for (int i = 0; i < sumW.Length; i++)
        {
            penalty += (double)weights[i] * weights[i];
            gradW[i] = (float)(sumW[i] / n + l2 * weights[i]);                   // + λW
        }
        for (int c = 0; c < k; c++) gradB[c] = (float)(sumB[c] / n);             // biases are not penalized
        return loss / n + 0.5 * l2 * penalty;                                    // J = mean L + λ/2 ‖W‖²
    }
}
