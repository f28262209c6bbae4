using SoftmaxSharp.Core;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Training;

/// <summary>
/// A network's objective and gradient in double precision, one row at a time: the plain chain rule of lecture 003,
/// for gradient checks (whose finite differences need more digits than float gives) and as the reference the fast
/// float path (<see cref="NetworkGradient"/>) is tested against.
/// <code>
///   hˡ = g(Wˡhˡ⁻¹ + bˡ),  ŷ = softmax(zᴸ),  J = (1/n) Σ (logsumexp(zᴸ) − zᴸ_y) + λ/2 Σₗ ‖Wˡ‖²
///   δᴸ = ŷ − y,  ∇Wˡ += δˡ hˡ⁻¹ᵀ,  ∇bˡ += δˡ,  δˡ⁻¹ = (Wˡᵀ δˡ) ⊙ g'(zˡ⁻¹)
/// </code>
/// </summary>
public static class NetworkObjective
{
    /// <param name="parameters">W¹ [n¹, d], b¹ [n¹], …, Wᴸ [k, nᴸ⁻¹], bᴸ [k]</param>
    /// <param name="sizes">[d, n¹, …, k]</param>
    /// <param name="gradients">shaped as <paramref name="parameters"/>, overwritten</param>
    public static double Evaluate(IReadOnlyList<float[]> parameters, int[] sizes, Activation g, Dataset data, FeatureScaler scaler, float[][] gradients, double l2)
    {
        int layers = sizes.Length - 1, n = data.Rows;
        if (n == 0) throw new UserInputException($"{data.Source}: the data has no rows", "Give at least one row");
        var h = new double[layers + 1][];                        // h⁰ = x, hˡ, and zᴸ for the output
        var delta = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) { h[l] = new double[sizes[l]]; delta[l] = new double[sizes[l]]; }
        var sums = parameters.Select(p => new double[p.Length]).ToArray();
        var x = new float[sizes[0]];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            data.CopyRow(i, x);
            scaler.TransformInPlace(x);
            for (int j = 0; j < x.Length; j++) h[0][j] = x[j];
            for (int l = 1; l <= layers; l++)                     // forward
            {
                float[] w = parameters[2 * l - 2], b = parameters[2 * l - 1];
                int inputs = sizes[l - 1];
                for (int u = 0; u < sizes[l]; u++)
                {
                    double z = b[u];
                    for (int j = 0; j < inputs; j++) z += (double)w[u * inputs + j] * h[l - 1][j];
                    h[l][u] = l < layers ? Activations.Of(g, z) : z;
                }
            }
            double[] scores = h[layers];
            double max = scores.Max(), sum = 0;
            foreach (double z in scores) sum += Math.Exp(z - max);
            double logSumExp = max + Math.Log(sum);
            int y = data.Labels[i];
            loss += logSumExp - scores[y];                        // −log ŷ_y
            for (int c = 0; c < scores.Length; c++) delta[layers][c] = Math.Exp(scores[c] - logSumExp) - (c == y ? 1 : 0);   // ŷ − y
            for (int l = layers; l >= 1; l--)                     // backward
            {
                float[] w = parameters[2 * l - 2];
                int inputs = sizes[l - 1];
                double[] sumW = sums[2 * l - 2], sumB = sums[2 * l - 1];
                for (int u = 0; u < sizes[l]; u++)
                {
                    sumB[u] += delta[l][u];
                    for (int j = 0; j < inputs; j++) sumW[u * inputs + j] += delta[l][u] * h[l - 1][j];
                }
                if (l == 1) break;
                for (int j = 0; j < inputs; j++)
                {
                    double e = 0;
                    for (int u = 0; u < sizes[l]; u++) e += w[u * inputs + j] * delta[l][u];
                    delta[l - 1][j] = e * Activations.DerivativeFromOutput(g, h[l - 1][j]);
                }
            }
        }
        double penalty = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            bool weight = p % 2 == 0;
            for (int i = 0; i < parameters[p].Length; i++)
            {
                double v = parameters[p][i];
                if (weight) penalty += v * v;
                gradients[p][i] = (float)(sums[p][i] / n + (weight ? l2 * v : 0));   // + λW on weights only
            }
        }
        return loss / n + 0.5 * l2 * penalty;
    }
}
