using SoftmaxSharp.Core;

namespace SoftmaxSharp.Training;

/// <summary>
/// Every intermediate of one gradient step on one sample, in the lectures' layout (lecture 000):
/// x̃ = [1, x] [d+1], θ [(d+1), k] whose first row holds the biases, z = θᵀx̃, ŷ = softmax(z),
/// L = −log ŷ_y, ∂L/∂z = ŷ − y, ∇θ = x̃(ŷ − y)ᵀ, θ' = θ − η∇θ.
/// </summary>
public sealed record SgdStep(
    float[] XWithOne, float[,] Theta, int Label, float LearningRate,
    float[] Scores, float[] Probabilities, float Loss, float[] ScoreGradient,
    float[,] Gradient, float[,] UpdatedTheta)
{
    /// <summary>
    /// Takes the step with the same code the trainer runs (<see cref="BatchGradient"/> on a batch of one,
    /// then θ ← θ − η∇θ) and records what it computed.
    /// </summary>
    /// <param name="theta">θ [(d+1), k]: row 0 the biases b, rows 1..d the weights (column j is class j)</param>
    /// <param name="x">x [d], without the 1</param>
    public static SgdStep Take(float[,] theta, float[] x, int label, float learningRate)
    {
        int rows = theta.GetLength(0), k = theta.GetLength(1), d = x.Length;
        if (rows != d + 1) throw new UserInputException($"θ has {rows} rows but x has {d} features; θ needs d + 1 = {d + 1} rows (the first holds the biases)", "Give θ as (d+1) rows of k numbers");
        if (k < 2) throw new UserInputException($"θ has {k} column(s); softmax needs one column per class, at least 2", "Give θ with one column per class");
        if ((uint)label >= (uint)k) throw new UserInputException($"the label y = {label} is not a class index 0..{k - 1}", "Give y as a class index");
        if (!(learningRate > 0)) throw new UserInputException($"the learning rate must be positive (got {learningRate})", "Use e.g. --lr 0.1");

        // The library's layout: W [k, d] = θ[1.., :]ᵀ, b [k] = θ[0, :].
        var weights = new float[k * d];
        var bias = new float[k];
        for (int c = 0; c < k; c++)
        {
            bias[c] = theta[0, c];
            for (int j = 0; j < d; j++) weights[c * d + j] = theta[j + 1, c];
        }
        var z = new float[k];
        var probabilities = new float[k];
        Linear.Scores(weights, bias, x, z);                       // z = θᵀx̃
        float loss = Softmax.Stable(z, probabilities) - z[label];  // ŷ = softmax(z); L = logsumexp(z) − z_y
        var dz = new float[k];
        CrossEntropy.Gradient(probabilities, label, dz);          // ∂L/∂z = ŷ − y

        var gradW = new float[k * d];
        var gradB = new float[k];
        var sample = new Data.Dataset(x, [label], Enumerable.Range(0, d).Select(j => $"x{j + 1}").ToArray(), Enumerable.Range(0, k).Select(c => $"{c}").ToArray());
        BatchGradient.Accumulate(weights, bias, new RowSource(sample, Data.FeatureScaler.Identity(d)), [0], gradW, gradB, new BatchGradient.Workspace(k, d));

        var xWithOne = new float[d + 1];
        xWithOne[0] = 1f;
        x.CopyTo(xWithOne, 1);
        var gradient = new float[d + 1, k];                      // ∇θ = x̃(ŷ − y)ᵀ
        var updated = new float[d + 1, k];                       // θ' = θ − η∇θ
        for (int c = 0; c < k; c++)
        {
            gradient[0, c] = gradB[c];
            updated[0, c] = bias[c] - learningRate * gradB[c];
            for (int j = 0; j < d; j++)
            {
                gradient[j + 1, c] = gradW[c * d + j];
                updated[j + 1, c] = weights[c * d + j] - learningRate * gradW[c * d + j];
            }
        }
        return new SgdStep(xWithOne, (float[,])theta.Clone(), label, learningRate, z, probabilities, loss, dz, gradient, updated);
    }

    /// <summary>The lectures' worked example (lecture 000): θ = [[0.1, 0.05], [0.2, −0.1]], x = 1.4, y = 0, η = 0.1.</summary>
    public static SgdStep LectureExample() => Take(new float[,] { { 0.1f, 0.05f }, { 0.2f, -0.1f } }, [1.4f], 0, 0.1f);
}
