using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class BatchGradientTests
{
    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(2, 3, 5)]
    [InlineData(3, 1, 4)]
    [InlineData(3, 4, 1)]
    [InlineData(5, 7, 16)]
    [InlineData(10, 20, 33)]                                      // d above one SIMD vector, odd tail
    public void Accumulate_EqualsCentralFiniteDifferencesOfTheMeanLoss(int k, int d, int batch)
    {
        var random = new Random(1000 * k + 10 * d + batch);
        int n = batch + 3;                                        // the batch is a strict, shuffled subset of the rows
        float[] x = RandomArray(random, n * d, 2.0);
        int[] labels = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        float[] weights = RandomArray(random, k * d, 0.5);
        float[] bias = RandomArray(random, k, 0.5);
        int[] rows = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(batch).ToArray();
        var gradW = new float[k * d];
        var gradB = new float[k];

        var (lossSum, correct) = BatchGradient.Accumulate(weights, bias, Source(x, labels, d, k), rows, gradW, gradB, new BatchGradient.Workspace(k, d));

        double[] w = weights.Select(v => (double)v).ToArray(), b = bias.Select(v => (double)v).ToArray();
        Assert.Equal(MeanLoss(w, b, x, labels, rows, d) * batch, lossSum, 1e-4 * batch);
        Assert.Equal(CountCorrect(w, b, x, labels, rows, d), correct);
        AssertCloseToNumerical(NumericalGradient(w, w, b, x, labels, rows, d), gradW, "∇W");
        AssertCloseToNumerical(NumericalGradient(b, w, b, x, labels, rows, d), gradB, "∇b");
    }

    [Fact]
    public void Accumulate_AddsToWhatTheBuffersHold()
    {
        float[] x = [1f, 2f], weights = [0.1f, -0.2f, 0.3f, 0.4f], bias = [0f, 0f];
        var once = new float[4];
        var onceB = new float[2];
        BatchGradient.Accumulate(weights, bias, Source(x, [1], 2, 2), [0], once, onceB, new BatchGradient.Workspace(2, 2));
        var twice = (float[])once.Clone();
        var twiceB = (float[])onceB.Clone();

        BatchGradient.Accumulate(weights, bias, Source(x, [1], 2, 2), [0], twice, twiceB, new BatchGradient.Workspace(2, 2));

        Assert.Equal(once.Select(v => 2 * v), twice);
        Assert.Equal(onceB.Select(v => 2 * v), twiceB);
    }

    [Fact]
    public void Evaluate_GivesTheMeanLossAndAccuracyOfAllRows()
    {
        var random = new Random(7);
        int k = 3, d = 2, n = 10;
        float[] x = RandomArray(random, n * d, 1.0), weights = RandomArray(random, k * d, 1.0), bias = RandomArray(random, k, 1.0);
        int[] labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        int[] all = Enumerable.Range(0, n).ToArray();
        double[] w = weights.Select(v => (double)v).ToArray(), b = bias.Select(v => (double)v).ToArray();

        var (loss, accuracy) = BatchGradient.Evaluate(weights, bias, Source(x, labels, d, k), new BatchGradient.Workspace(k, d));

        Assert.Equal(MeanLoss(w, b, x, labels, all, d), loss, 1e-5);
        Assert.Equal(CountCorrect(w, b, x, labels, all, d) / (double)n, accuracy);
    }

    /// <summary>Rows X [n, d] with their labels, unscaled, as the trainer reads them.</summary>
    internal static RowSource Source(float[] x, int[] labels, int d, int k) =>
        new(new Dataset(x, labels, Enumerable.Range(0, d).Select(j => $"f{j}").ToArray(), Enumerable.Range(0, k).Select(c => $"c{c}").ToArray()),
            FeatureScaler.Identity(d));

    /// <summary>∂L/∂θᵢ ≈ (L(θᵢ + h) − L(θᵢ − h)) / 2h for each element of <paramref name="parameter"/> (which is w or b).</summary>
    static double[] NumericalGradient(double[] parameter, double[] w, double[] b, float[] x, int[] labels, int[] rows, int d)
    {
        const double h = 1e-5;
        var gradient = new double[parameter.Length];
        for (int i = 0; i < parameter.Length; i++)
        {
            double saved = parameter[i];
            parameter[i] = saved + h;
            double plus = MeanLoss(w, b, x, labels, rows, d);
            parameter[i] = saved - h;
            double minus = MeanLoss(w, b, x, labels, rows, d);
            parameter[i] = saved;
            gradient[i] = (plus - minus) / (2 * h);
        }
        return gradient;
    }

    /// <summary>(1/m) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) with z = Wx + b, all in double: the reference the float code is checked against.</summary>
    static double MeanLoss(double[] w, double[] b, float[] x, int[] labels, int[] rows, int d)
    {
        double sum = 0;
        foreach (int r in rows)
        {
            double[] z = Scores(w, b, x, r, d);
            double max = z.Max();
            sum += max + Math.Log(z.Sum(v => Math.Exp(v - max))) - z[labels[r]];
        }
        return sum / rows.Length;
    }

    static int CountCorrect(double[] w, double[] b, float[] x, int[] labels, int[] rows, int d) =>
        rows.Count(r => { double[] z = Scores(w, b, x, r, d); return Array.IndexOf(z, z.Max()) == labels[r]; });

    static double[] Scores(double[] w, double[] b, float[] x, int row, int d)
    {
        var z = new double[b.Length];
        for (int c = 0; c < b.Length; c++)
        {
            z[c] = b[c];
            for (int j = 0; j < d; j++) z[c] += w[c * d + j] * x[row * d + j];
        }
        return z;
    }

    static void AssertCloseToNumerical(double[] numerical, float[] analytic, string what)
    {
        double difference = 0, size = 0;
        for (int i = 0; i < numerical.Length; i++)
        {
            difference += (numerical[i] - analytic[i]) * (numerical[i] - analytic[i]);
            size += numerical[i] * numerical[i] + (double)analytic[i] * analytic[i];
            Assert.True(Math.Abs(numerical[i] - analytic[i]) <= 1e-5 + 1e-4 * Math.Abs(numerical[i]),
                $"{what}[{i}]: numerical {numerical[i]}, analytic {analytic[i]}");
        }
        double relative = Math.Sqrt(difference) / Math.Max(Math.Sqrt(size), 1e-12);
        Assert.True(relative < 1e-5, $"{what}: relative error {relative}");
    }

    static float[] RandomArray(Random random, int length, double scale)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }
}
