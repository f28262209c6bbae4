using System.Numerics.Tensors;
using SoftmaxSharp.Core;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Training;

/// <summary>
/// Forward pass and backpropagation of a feedforward network (lecture 003) over tiles of rows:
/// <code>
///   H⁰ = X                                          [t, d]
///   Zˡ = Hˡ⁻¹ Wˡᵀ + bˡ,  Hˡ = g(Zˡ)                  [t, nˡ]   Wˡ [nˡ, nˡ⁻¹] unit-major
///   Ŷ = softmax(Zᴸ),  L += logsumexp(zᴸ) − zᴸ_y       the output layer
///   Δᴸ = (Ŷ − Y) / m                                 ∂L/∂Zᴸ: the fused softmax + cross-entropy backward
///   ∇Wˡ += Δˡᵀ Hˡ⁻¹,  ∇bˡ += Σ rows of Δˡ
///   Δˡ⁻¹ = (Δˡ Wˡ) ⊙ g'(Zˡ⁻¹)                         the chain rule, one layer down
/// </code>
/// With no hidden layer this is exactly <see cref="BatchGradient"/>'s softmax regression, step for step.
/// Allocates nothing: every buffer lives in a <see cref="Workspace"/>.
/// </summary>
internal static class NetworkGradient
{
    /// <summary>Rows per tile, as in <see cref="BatchGradient.TileRows"/>.</summary>
    public const int TileRows = BatchGradient.TileRows;

    /// <summary>
    /// Adds the gradient of the mean loss over a batch of <paramref name="m"/> rows, of which this call computes
    /// <paramref name="rows"/>, to <paramref name="gradients"/> (W¹, b¹, W², b², … as the parameters; clear them first).
    /// Returns the summed loss and the number of rows predicted right.
    /// </summary>
    /// <param name="parameters">W¹ [n¹, d], b¹ [n¹], …, Wᴸ [k, nᴸ⁻¹], bᴸ [k]</param>
    public static (double LossSum, int Correct) Accumulate(float[][] parameters, Activation g, RowSource source, ReadOnlySpan<int> rows, int m,
        float[][] gradients, Workspace work)
    {
        int layers = parameters.Length / 2, k = work.Sizes[layers];
        float inverseM = 1f / m;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < rows.Length; start += TileRows)
        {
            ReadOnlySpan<int> tile = rows.Slice(start, Math.Min(TileRows, rows.Length - start));
            int t = tile.Length;
            Span<float> x = work.Input.AsSpan(0, t * work.Sizes[0]);
            source.Gather(tile, x);
            Forward(parameters, g, x, t, work);

            Span<float> z = work.Outputs[layers - 1].AsSpan(0, t * k);   // Zᴸ [t, k]
            Span<float> delta = work.Deltas[layers - 1].AsSpan(0, t * k); // Δᴸ [t, k]
            Span<float> gradB = gradients[2 * layers - 1];
            // ŷ = softmax(z), L = logsumexp(z) − z_y, ∂L/∂z = (ŷ − y)/m, ∇bᴸ += ∂L/∂z: softmax regression's lines on the output
            // layer's scores (its bias already added: b = 0 here), a class far below the maximum at ŷ = 0 (BatchGradient.NegligibleBelowMax)
            var (tileLoss, tileCorrect) = BatchGradient.CrossEntropyTile(z, work.NoBias, source.Labels, tile, inverseM, delta, gradB, work.RowMax);
            lossSum += tileLoss;
            correct += tileCorrect;
            Backward(parameters, g, x, t, gradients, work);
        }
        return (lossSum, correct);
    }

    /// <summary>Zˡ = Hˡ⁻¹Wˡᵀ + bˡ and Hˡ = g(Zˡ) for every layer; the last layer's scores are left as they are (no softmax).</summary>
    /// <param name="x">H⁰ = X [t, d], scaled</param>
    public static void Forward(float[][] parameters, Activation g, ReadOnlySpan<float> x, int t, Workspace work)
    {
        int layers = parameters.Length / 2;
        ReadOnlySpan<float> input = x;
        for (int l = 0; l < layers; l++)
        {
            int units = work.Sizes[l + 1];
            float[] bias = parameters[2 * l + 1];
            Span<float> z = work.Outputs[l].AsSpan(0, t * units);
            LinearKernels.ScoresTile(parameters[2 * l], input, t, z);                   // Z = H Wᵀ
            for (int r = 0; r < t; r++) TensorPrimitives.Add(z.Slice(r * units, units), bias, z.Slice(r * units, units));   // + b
            if (l < layers - 1) Activations.Forward(g, z, z);                           // H = g(Z), in place
            input = z;
        }
    }

    /// <summary>
    /// From Δᴸ (in the workspace, with ∇bᴸ already added): ∇Wˡ += ΔˡᵀHˡ⁻¹ for every layer, ∇bˡ for the hidden ones,
    /// and Δˡ⁻¹ = (ΔˡWˡ) ⊙ g'(Zˡ⁻¹) between them.
    /// </summary>
    static void Backward(float[][] parameters, Activation g, ReadOnlySpan<float> x, int t, float[][] gradients, Workspace work)
    {
        int layers = parameters.Length / 2;
        for (int l = layers - 1; l >= 0; l--)
        {
            int units = work.Sizes[l + 1], inputs = work.Sizes[l];
            ReadOnlySpan<float> delta = work.Deltas[l].AsSpan(0, t * units);
            ReadOnlySpan<float> input = l == 0 ? x : work.Outputs[l - 1].AsSpan(0, t * inputs);   // Hˡ⁻¹
            if (l < layers - 1)
            {
                Span<float> gradB = gradients[2 * l + 1];
                for (int r = 0; r < t; r++) TensorPrimitives.Add(gradB, delta.Slice(r * units, units), gradB);   // ∇bˡ += δˡ
            }
            LinearKernels.AccumulateOuter(delta, input, gradients[2 * l], units);       // ∇Wˡ += Δˡᵀ Hˡ⁻¹
            if (l == 0) break;                                                          // no error to send to the inputs
            Span<float> below = work.Deltas[l - 1].AsSpan(0, t * inputs);
            DenseKernels.BackpropInput(delta, parameters[2 * l], t, below);            // Δˡ⁻¹ = Δˡ Wˡ …
            Activations.Backward(g, input, below);                                      // … ⊙ g'(Zˡ⁻¹), from Hˡ⁻¹ = g(Zˡ⁻¹)
        }
    }

    /// <summary>Mean loss and accuracy on all rows of <paramref name="source"/> (validation). Allocates nothing.</summary>
    public static (double Loss, double Accuracy) Evaluate(float[][] parameters, Activation g, RowSource source, Workspace work)
    {
        int layers = parameters.Length / 2, k = work.Sizes[layers], n = source.Rows;
        double lossSum = 0;
        int correct = 0;
        Span<float> p = work.Deltas[layers - 1].AsSpan(0, k);
        for (int start = 0; start < n; start += TileRows)
        {
            ReadOnlySpan<int> tile = source.AllRows.AsSpan(start, Math.Min(TileRows, n - start));
            int t = tile.Length;
            Span<float> x = work.Input.AsSpan(0, t * work.Sizes[0]);
            source.Gather(tile, x);
            Forward(parameters, g, x, t, work);
            Span<float> z = work.Outputs[layers - 1].AsSpan(0, t * k);
            for (int r = 0; r < t; r++)
            {
                Span<float> zr = z.Slice(r * k, k);
                int y = source.Labels[tile[r]];
                lossSum += Softmax.Stable(zr, p) - zr[y];
                if (Linear.ArgMax(zr) == y) correct++;
            }
        }
        return (lossSum / n, (double)correct / n);
    }

    /// <summary>The buffers of one tile for a network of layer sizes [d, n¹, …, k], allocated once per run.</summary>
    internal sealed class Workspace
    {
        public Workspace(int[] sizes)
        {
            Sizes = sizes;
            NoBias = new float[sizes[^1]];
            Input = new float[TileRows * sizes[0]];
            Outputs = new float[sizes.Length - 1][];
            Deltas = new float[sizes.Length - 1][];
            for (int l = 1; l < sizes.Length; l++)
            {
                Outputs[l - 1] = new float[TileRows * sizes[l]];
                Deltas[l - 1] = new float[TileRows * sizes[l]];
            }
        }

        /// <summary>[d, n¹, …, k]</summary>
        public int[] Sizes { get; }
        /// <summary>X [tile, d], scaled</summary>
        public float[] Input { get; }
        /// <summary>Hˡ [tile, nˡ] for the hidden layers, Zᴸ [tile, k] for the output layer</summary>
        public float[][] Outputs { get; }
        /// <summary>Δˡ = ∂L/∂Zˡ [tile, nˡ]</summary>
        public float[][] Deltas { get; }
        /// <summary>[k] zeros: the output layer's bias is in Zᴸ already when the cross-entropy of the tile adds one</summary>
        public float[] NoBias { get; }
        /// <summary>max z of each row of the tile</summary>
        public float[] RowMax { get; } = new float[TileRows];
    }
}
