using SoftmaxSharp.Core;

namespace SoftmaxSharp.Tests.Core;

public class CrossEntropyTests
{
    [Theory]
    [InlineData(new[] { 1e30f, -1e30f }, 0, 0.0)]
    [InlineData(new[] { 1e30f, -1e30f }, 1, 2e30)]
    [InlineData(new[] { -1e30f, 1e30f, 0f }, 1, 0.0)]
    [InlineData(new[] { 1000f, 0f }, 1, 1000.0)]
    [InlineData(new[] { 0f, 1000f, -1000f }, 1, 0.0)]
    public void FromScores_OnHugeLogitsAndGaps_IsFiniteAndExact(float[] z, int label, double expected)
    {
        float loss = CrossEntropy.FromScores(z, label);
        float oneHotLoss = CrossEntropy.FromScores(z, OneHot.Encode([label], z.Length));

        Assert.True(float.IsFinite(loss), $"index form: {loss}");
        Assert.True(float.IsFinite(oneHotLoss), $"one-hot form: {oneHotLoss}");
        Assert.Equal(expected, loss, Math.Max(expected * 1e-6, 1e-6));
        Assert.Equal(loss, oneHotLoss);
    }

    [Fact]
    public void FromScores_WhenAnUnlabelledScoreIsFarBelow_OneHotFormIsNotNaN()
    {
        // logsumexp(z) − z₁ overflows to +∞ here; the one-hot form must not turn 0 · ∞ into NaN.
        float[] z = [float.MaxValue, -float.MaxValue];

        Assert.Equal(0f, CrossEntropy.FromScores(z, 0));
        Assert.Equal(0f, CrossEntropy.FromScores(z, [1f, 0f]));
    }

    [Fact]
    public void OneHotAndIndexForms_GiveTheSameLossAndGradient()
    {
        // Lecture 004: E written with a class index c or a one-hot Y gives the same update.
        var random = new Random(4);
        for (int trial = 0; trial < 50; trial++)
        {
            int k = random.Next(2, 8), label = random.Next(k);
            var z = new float[k];
            for (int i = 0; i < k; i++) z[i] = (float)(random.NextDouble() * 20 - 10);
            float[] y = OneHot.Encode([label], k);
            float[] p = Softmax.Of(z);
            float[] indexGradient = new float[k], oneHotGradient = new float[k];

            CrossEntropy.Gradient(p, label, indexGradient);
            CrossEntropy.Gradient(p, y, oneHotGradient);

            Assert.Equal(CrossEntropy.FromScores(z, label), CrossEntropy.FromScores(z, y), 5);
            Assert.Equal(indexGradient, oneHotGradient);
        }
    }

    [Fact]
    public void FromScores_IsMinusLogOfTheLabelsProbability()
    {
        float[] z = [0.38f, -0.09f];

        Assert.Equal(-Math.Log(Softmax.Of(z)[0]), CrossEntropy.FromScores(z, 0), 5);
        Assert.Equal(-Math.Log(Softmax.Of(z)[1]), CrossEntropy.FromScores(z, 1), 5);
    }

    [Fact]
    public void Gradient_IsProbabilitiesMinusOneHot()
    {
        float[] p = [0.2f, 0.5f, 0.3f];
        var dz = new float[3];

        CrossEntropy.Gradient(p, 1, dz);

        Assert.Equal([0.2f, 0.5f - 1f, 0.3f], dz);
    }

    [Fact]
    public void Mean_AveragesTheRowsLosses()
    {
        float[] scores = [1f, 2f, 3f, 0f, 0f, 0f];               // Z [2, 3]

        double mean = CrossEntropy.Mean(scores, [2, 0], 3);

        double expected = (CrossEntropy.FromScores([1f, 2f, 3f], 2) + Math.Log(3)) / 2;
        Assert.Equal(expected, mean, 6);
    }

    [Fact]
    public void OneHotEncode_PutsAOneAtTheLabelAndRejectsOutOfRangeLabels()
    {
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f], OneHot.Encode([2, 0], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([-1], 3));
    }
}
