using System.Globalization;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>
/// Class weights, label smoothing and sample weights in the fused batch gradient against PyTorch's
/// CrossEntropyLoss(weight=w, label_smoothing=ε) (tests/reference/torch_weighted_loss_reference.py):
/// the loss and ∇W, ∇b of one 100-row batch (two tiles) to float precision.
/// </summary>
public class WeightedLossPyTorchTests
{
    [Theory]
    [InlineData("class_weight")]
    [InlineData("label_smoothing")]
    [InlineData("class_weight_label_smoothing")]
    [InlineData("all_with_sample_weight")]
    public void BatchGradientMatchesPyTorchCrossEntropyLoss(string name)
    {
        var c = ReadCase(name);
        int n = c["y"].Length, k = c["b"].Length, d = c["X"].Length / n;
        int[] labels = c["y"].Select(v => (int)v).ToArray();
        bool unitSamples = c["sample_weight"].All(s => s == 1f);
        var data = new Dataset(c["X"], labels, Names("x", d), Names("class", k)).WithSampleWeights(unitSamples ? null : c["sample_weight"]);
        var loss = new WeightedCrossEntropy(k, c["class_weight"], c["eps"][0]);
        var gradW = new float[k * d];
        var gradB = new float[k];
        var rows = Enumerable.Range(0, n).ToArray();

        var (lossSum, _) = BatchGradient.Accumulate(c["W"], c["b"], new RowSource(data, FeatureScaler.Identity(d)), rows, gradW, gradB,
            new BatchGradient.Workspace(k, d), loss);

        Assert.Equal(c["loss"][0], lossSum / n, 5e-6 * Math.Abs(c["loss"][0]));
        AssertClose(c["grad_b"], gradB);
        AssertClose(c["grad_W"], gradW);

        // The trainer's path: the batch in two shards (one on a worker thread), Ω over the whole batch.
        using var sharded = new ShardedGradient(k, d, useWorker: true);
        var (shardedLoss, _) = sharded.Compute(c["W"], c["b"], new RowSource(data, FeatureScaler.Identity(d)), rows, 0, n, gradW, gradB, loss);
        Assert.Equal(c["loss"][0], shardedLoss / n, 5e-6 * Math.Abs(c["loss"][0]));
        AssertClose(c["grad_b"], gradB);
        AssertClose(c["grad_W"], gradW);
    }

    [Fact]
    public void AnIntegerSampleWeightIsTheSameAsRepeatingTheRow()
    {
        // s = [2, 1, 1] in one full batch ≡ the first row twice: Σ sᵢ ℓᵢ / Σ sᵢ counts it twice in both.
        float[] x = [0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f];
        float[] w = [0.1f, -0.2f, 0.3f, 0.05f, 0f, -0.1f], b = [0.2f, -0.1f, 0f];
        float[] classWeights = [1f, 3f, 0.5f];
        var weighted = new Dataset(x, [0, 2, 1], ["a", "b"], ["p", "q", "r"]).WithSampleWeights([2f, 1f, 1f]);
        var repeated = new Dataset([.. x[..2], .. x], [0, 0, 2, 1], ["a", "b"], ["p", "q", "r"]);
        var (lossW, gW, gB) = FullBatch(weighted, w, b, classWeights);
        var (lossR, rW, rB) = FullBatch(repeated, w, b, classWeights);
        Assert.Equal(lossR / 4, lossW / 3, 1e-6);             // LossSum is m × the batch mean
        for (int i = 0; i < gW.Length; i++) Assert.Equal(rW[i], gW[i], 1e-6f);
        for (int i = 0; i < gB.Length; i++) Assert.Equal(rB[i], gB[i], 1e-6f);
    }

    static (double Loss, float[] GradW, float[] GradB) FullBatch(Dataset data, float[] w, float[] b, float[] classWeights)
    {
        var gradW = new float[w.Length];
        var gradB = new float[b.Length];
        var (loss, _) = BatchGradient.Accumulate(w, b, new RowSource(data, FeatureScaler.Identity(data.Columns)), Enumerable.Range(0, data.Rows).ToArray(),
            gradW, gradB, new BatchGradient.Workspace(b.Length, data.Columns), new WeightedCrossEntropy(b.Length, classWeights, 0.1f));
        return (loss, gradW, gradB);
    }

    static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f + 1e-5f * Math.Abs(expected[i]), $"[{i}]: PyTorch {expected[i]:R}, SoftmaxSharp {actual[i]:R}");
    }

    static string[] Names(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i).ToArray();

    static Dictionary<string, float[]> ReadCase(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "torch_weighted_loss.txt"));
        int start = Array.IndexOf(lines, "case " + name);
        Assert.True(start >= 0, $"case {name} is not in torch_weighted_loss.txt: run tests/reference/torch_weighted_loss_reference.py");
        var values = new Dictionary<string, float[]>();
        for (int i = start + 1; i < lines.Length && !lines[i].StartsWith("case ", StringComparison.Ordinal); i++)
        {
            int colon = lines[i].IndexOf(':');
            values[lines[i][..colon]] = lines[i][(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        return values;
    }
}
