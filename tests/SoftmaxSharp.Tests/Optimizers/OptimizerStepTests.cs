using SoftmaxSharp.Models;
using SoftmaxSharp.Optimizers;

namespace SoftmaxSharp.Tests.Optimizers;

/// <summary>One or two steps of each optimizer on θ = [1, −2], g = [0.5, −1], worked by hand from the formula in its doc comment.</summary>
public sealed class OptimizerStepTests
{
    static readonly float[] Gradient = [0.5f, -1f];

    static float[] Steps(Optimizer optimizer, params float[][] gradients)
    {
        float[] theta = [1f, -2f];
        foreach (var g in gradients) optimizer.Step(0, theta, g);
        return theta;
    }

    static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-6f)
    {
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], tolerance);
    }

    [Fact]
    public void Sgd_StepsAgainstTheGradient() =>
        AssertClose([0.95f, -1.9f], Steps(new Sgd(0.1f), Gradient));                                  // θ − 0.1·g

    [Fact]
    public void Sgd_WeightDecayAddsLambdaTheta() =>
        AssertClose([0.94f, -1.88f], Steps(new Sgd(0.1f, weightDecay: 0.1f), Gradient));              // d = g + 0.1θ = [0.6, −1.2]

    [Fact]
    public void Momentum_FirstStepIsSgd_SecondAddsMuTimesTheBuffer() =>
        // t = 1: buf = g, θ = [0.95, −1.9]; t = 2: buf = 0.9g + g = [0.95, −1.9], θ − 0.1·buf = [0.855, −1.71]
        AssertClose([0.855f, -1.71f], Steps(new Sgd(0.1f, momentum: 0.9f), Gradient, Gradient));

    [Fact]
    public void Nesterov_LooksAhead() =>
        AssertClose([0.905f, -1.81f], Steps(new Sgd(0.1f, momentum: 0.9f, nesterov: true), Gradient)); // d = g + 0.9·buf = 1.9g

    [Fact]
    public void Adagrad_FirstStepIsEtaTimesTheSign() =>
        AssertClose([0.9f, -1.9f], Steps(new Adagrad(0.1f), Gradient));                              // s = g², g/√s = sign g

    [Fact]
    public void Adagrad_SecondStepDividesBySqrtOfTheSum() =>
        // s = 2g², θ − 0.1·g/(√2·|g|) = θ − 0.1·sign g·(1 + 1/√2)
        AssertClose([1f - 0.1f * (1 + 1 / MathF.Sqrt(2)), -2f + 0.1f * (1 + 1 / MathF.Sqrt(2))], Steps(new Adagrad(0.1f), Gradient, Gradient));

    [Fact]
    public void RmsProp_FirstStepIsTenTimesEtaTimesTheSign() =>
        // v = 0.01·g², √v = 0.1|g|, θ − 0.01·g/(0.1|g|) = θ − 0.1·sign g
        AssertClose([0.9f, -1.9f], Steps(new RmsProp(0.01f), Gradient), 1e-5f);

    [Fact]
    public void Adam_FirstStepIsEtaTimesTheSign_SecondUsesTheBiasCorrection()
    {
        // t = 1: m̂ = g, v̂ = g², step η·sign g. t = 2 with g₂ = −g: m = 0.9·0.05 − 0.05 = −0.005, m̂ = −0.005/0.19,
        // v = 0.999·0.00025 + 0.001·0.25 = 0.00049975, v̂ = 0.00049975/0.001999 = 0.25, θ₀ = 0.9 − 0.1·m̂/0.5
        AssertClose([0.9f, -1.9f], Steps(new Adam(0.1f), Gradient));
        float expected = 0.9f + 0.1f * (0.005f / 0.19f) / 0.5f;
        Assert.Equal(expected, Steps(new Adam(0.1f), Gradient, [-0.5f, 1f])[0], 1e-6f);
    }

    [Fact]
    public void Adam_WeightDecayIsInTheGradient_AdamW_ShrinksThetaFirst()
    {
        // AdamW: θ(1 − 0.1·0.01) = [0.999, −1.998], then the Adam step −0.1·sign g.
        AssertClose([0.899f, -1.898f], Steps(new AdamW(0.1f, weightDecay: 0.01f), Gradient));
        // Adam: d = g + 0.01θ = [0.51, −1.02] has the same sign, so the first step is still ±η.
        AssertClose([0.9f, -1.9f], Steps(new Adam(0.1f, weightDecay: 0.01f), Gradient));
    }

    [Fact]
    public void StepOverBlocks_DecaysWeightsNotBiases()
    {
        float[] w = [1f, -2f], b = [1f, -2f];
        new Sgd(0.1f, weightDecay: 0.1f).Step([new ParameterBlock("W", w), new ParameterBlock("b", b)], [Gradient, Gradient]);
        AssertClose([0.94f, -1.88f], w);
        AssertClose([0.95f, -1.9f], b);
    }

    [Fact]
    public void SavedStateResumesExactly()
    {
        var first = new Adam(0.1f);
        float[] theta = [1f, -2f];
        first.Step(0, theta, Gradient);
        var second = new Adam(0.1f);
        second.LoadState(first.SaveState());
        float[] copy = (float[])theta.Clone();

        first.Step(0, theta, [0.25f, 0.75f]);
        second.Step(0, copy, [0.25f, 0.75f]);

        Assert.Equal(FloatBits.Of(theta), FloatBits.Of(copy));
        Assert.Throws<UserInputException>(() => new Sgd(0.1f, momentum: 0.9f).LoadState(first.SaveState()));
    }

    [Fact]
    public void AStepAllocatesNothing()
    {
        var theta = new float[1000];
        var gradient = Enumerable.Range(0, 1000).Select(i => i * 0.001f).ToArray();
        foreach (var optimizer in new Optimizer[] { new Sgd(0.1f), new Sgd(0.1f, 0.9f, nesterov: true, weightDecay: 0.1f), new Adagrad(), new RmsProp(momentum: 0.9f, centered: true), new Adam(), new AdamW() })
        {
            optimizer.Step(0, theta, gradient);                    // the first step allocates the block's state
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) optimizer.Step(0, theta, gradient);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("beta1")]
    [InlineData("beta2")]
    [InlineData("eps")]
    [InlineData("weight decay")]
    [InlineData("alpha")]
    public void HyperParametersOutOfRange_AreUserErrors(string which)
    {
        Action make = which switch
        {
            "lr" => () => new Adam(0f),
            "momentum" => () => new Sgd(0.1f, momentum: 1f),
            "nesterov" => () => new Sgd(0.1f, momentum: 0f, nesterov: true),
            "beta1" => () => new Adam(beta1: 1f),
            "beta2" => () => new Adam(beta2: -0.1f),
            "eps" => () => new Adagrad(epsilon: 0f),
            "weight decay" => () => new AdamW(weightDecay: -1f),
            _ => () => new RmsProp(alpha: 1f),
        };
        Assert.Throws<UserInputException>(make);
    }
}
