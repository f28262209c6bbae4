using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>
/// A plain softmax regression written for the tests as an <see cref="IDifferentiableModel"/>: the objective
/// J = (1/n) Σ CE + λ/2·‖W‖² in double with no kernels, to check the fast objective against and to drive
/// <see cref="Lbfgs.Minimize(IDifferentiableModel, Dataset, double, LbfgsOptions?)"/>.
/// </summary>
sealed class PlainSoftmaxModel(int classes, int features) : IDifferentiableModel
{
    public float[] Weights { get; } = new float[classes * features];   // W [k, d]
    public float[] Bias { get; } = new float[classes];                 // b [k]
    public IReadOnlyList<ParameterBlock> Parameters => [new("W", Weights), new("b", Bias)];

    public double Objective(Dataset data, float[][] gradients, double l2 = 0)
    {
        int k = classes, d = features, n = data.Rows;
        var gradW = new double[k * d];
        var gradB = new double[k];
        var z = new double[k];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            var x = data.Row(i);
            for (int c = 0; c < k; c++)
            {
                z[c] = Bias[c];
                for (int j = 0; j < d; j++) z[c] += (double)Weights[c * d + j] * x[j];
            }
            double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max)), logSumExp = max + Math.Log(sum);
            loss += logSumExp - z[data.Labels[i]];
            for (int c = 0; c < k; c++)
            {
                double g = Math.Exp(z[c] - logSumExp) - (c == data.Labels[i] ? 1 : 0);   // ŷ − y
                gradB[c] += g / n;
                for (int j = 0; j < d; j++) gradW[c * d + j] += g * x[j] / n;
            }
        }
        double penalty = 0;
        for (int i = 0; i < k * d; i++)
        {
            penalty += (double)Weights[i] * Weights[i];
            gradients[0][i] = (float)(gradW[i] + l2 * Weights[i]);
        }
        for (int c = 0; c < k; c++) gradients[1][c] = (float)gradB[c];
        return loss / n + l2 / 2 * penalty;
    }
}

public class SoftmaxObjectiveTests
{
    static (Dataset Data, float[] W, float[] B) RandomProblem(int n, int d, int k, int seed)
    {
        var random = new Random(seed);
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
        int[] y = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        var data = new Dataset(x, y, Enumerable.Range(0, d).Select(j => $"x{j}").ToArray(), Enumerable.Range(0, k).Select(c => $"c{c}").ToArray());
        float[] w = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] b = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        return (data, w, b);
    }

    [Fact]
    public void ObjectiveAndGradient_EqualThePlainDoubleComputation()
    {
        var (data, w, b) = RandomProblem(n: 150, d: 7, k: 4, seed: 3);     // 150 rows: three tiles, two shards
        const double l2 = 0.05;
        using var objective = new SoftmaxObjective(data, FeatureScaler.Identity(7), l2);
        var x = new double[objective.Dimension];
        SoftmaxObjective.Pack(w, b, x);
        var gradient = new double[x.Length];
        double j = objective.Evaluate(x, gradient);

        var plain = new PlainSoftmaxModel(4, 7);
        w.CopyTo(plain.Weights, 0);
        b.CopyTo(plain.Bias, 0);
        float[][] expected = [new float[28], new float[4]];
        double expectedJ = plain.Objective(data, expected, l2);

        Assert.Equal(expectedJ, j, 1e-6);
        for (int i = 0; i < 28; i++) Assert.Equal(expected[0][i], gradient[i], 1e-6);
        for (int c = 0; c < 4; c++) Assert.Equal(expected[1][c], gradient[28 + c], 1e-6);
    }

    [Fact]
    public void Gradient_MatchesCentralFiniteDifferences_PenaltyIncluded()
    {
        var (data, w, b) = RandomProblem(n: 80, d: 5, k: 3, seed: 5);
        const double l2 = 0.3;
        using var objective = new SoftmaxObjective(data, FeatureScaler.Identity(5), l2);
        var x = new double[objective.Dimension];
        SoftmaxObjective.Pack(w, b, x);
        var gradient = new double[x.Length];
        objective.Evaluate(x, gradient);

        var scratch = new double[x.Length];
        const double h = 1e-2;                                    // J is float inside: a larger h keeps rounding (1e-7/h) small; J is smooth, so h² error ≈ 1e-5
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + h;
            double plus = objective.Evaluate(x, scratch);
            x[i] = saved - h;
            double minus = objective.Evaluate(x, scratch);
            x[i] = saved;
            Assert.Equal((plus - minus) / (2 * h), gradient[i], 1e-4);
        }
    }

    [Fact]
    public void BiasesAreNotPenalized()
    {
        var (data, w, b) = RandomProblem(n: 40, d: 3, k: 3, seed: 9);
        using var plainObjective = new SoftmaxObjective(data, FeatureScaler.Identity(3), 0);
        using var penalized = new SoftmaxObjective(data, FeatureScaler.Identity(3), 2.0);
        var x = new double[12];
        SoftmaxObjective.Pack(w, b, x);
        double[] g0 = new double[12], g2 = new double[12];
        double j0 = plainObjective.Evaluate(x, g0), j2 = penalized.Evaluate(x, g2);

        double squaredW = w.Sum(v => (double)v * v);
        Assert.Equal(j0 + 2.0 / 2 * squaredW, j2, 1e-9);          // + λ/2·‖W‖²
        for (int i = 0; i < 9; i++) Assert.Equal(g0[i] + 2.0 * x[i], g2[i], 1e-9);   // + λW
        for (int c = 9; c < 12; c++) Assert.Equal(g0[c], g2[c]);   // ∇b unchanged
    }

    [Fact]
    public void BytePixelsScaledInTheKernel_GiveTheObjectiveOfScaledFloats()
    {
        var random = new Random(4);
        int n = 130, d = 40, k = 4;
        byte[] pixels = Enumerable.Range(0, n * d).Select(_ => (byte)random.Next(256)).ToArray();
        int[] y = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        string[] features = Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), classes = ["a", "b", "c", "d"];
        var images = new Dataset(pixels, y, features, classes);
        var scaled = new Dataset(pixels.Select(p => p / 255f).ToArray(), y, features, classes);
        double[] x = Enumerable.Range(0, k * d + k).Select(_ => random.NextDouble() - 0.5).ToArray();

        using var bytes = new SoftmaxObjective(images, FeatureScaler.Fit(Scaling.Pixels, images), 0.01);
        using var plain = new SoftmaxObjective(scaled, FeatureScaler.Identity(d), 0.01);
        double[] g1 = new double[x.Length], g2 = new double[x.Length];
        Assert.Equal(plain.Evaluate(x, g2), bytes.Evaluate(x, g1));     // x / 255 is exact either way: the same numbers bit for bit
        Assert.Equal(g2, g1);
    }

    [Fact]
    public void AnEvaluation_AllocatesNothing()
    {
        var (data, w, b) = RandomProblem(n: 300, d: 20, k: 5, seed: 1);
        using var objective = new SoftmaxObjective(data, FeatureScaler.Identity(20), 0.01);
        var x = new double[objective.Dimension];
        SoftmaxObjective.Pack(w, b, x);
        var gradient = new double[x.Length];
        objective.Evaluate(x, gradient);                          // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) objective.Evaluate(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
