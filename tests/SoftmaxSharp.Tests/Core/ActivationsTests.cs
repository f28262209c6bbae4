using SoftmaxSharp.Core;

namespace SoftmaxSharp.Tests.Core;

public class ActivationsTests
{
    [Theory]   // lecture 003's activations at z = −2, 0, 1.5
    [InlineData(Activation.Linear, -2f, -2f, 1f)]
    [InlineData(Activation.Linear, 1.5f, 1.5f, 1f)]
    [InlineData(Activation.Relu, -2f, 0f, 0f)]
    [InlineData(Activation.Relu, 0f, 0f, 0f)]
    [InlineData(Activation.Relu, 1.5f, 1.5f, 1f)]
    [InlineData(Activation.LeakyRelu, -2f, -0.2f, 0.1f)]   // max(z, 0.1z)
    [InlineData(Activation.LeakyRelu, 0f, 0f, 0.1f)]
    [InlineData(Activation.LeakyRelu, 1.5f, 1.5f, 1f)]
    [InlineData(Activation.Sigmoid, 0f, 0.5f, 0.25f)]
    [InlineData(Activation.Sigmoid, -2f, 0.11920292f, 0.10499359f)]
    [InlineData(Activation.Tanh, 0f, 0f, 1f)]
    [InlineData(Activation.Tanh, 1.5f, 0.90514825f, 0.18070664f)]
    public void OfAndDerivative_GiveTheLectureFormulas(Activation g, float z, float expected, float expectedDerivative)
    {
        Assert.Equal(expected, Activations.Of(g, z), 6);
        Assert.Equal(expectedDerivative, Activations.Derivative(g, z), 6);
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Linear)]
    public void Derivative_AgreesWithAFiniteDifference(Activation g)
    {
        foreach (float z in new[] { -3f, -0.7f, 0.3f, 2.2f })
        {
            double h = 1e-3;
            double numeric = (Activations.Of(g, (float)(z + h)) - (double)Activations.Of(g, (float)(z - h))) / (2 * h);
            Assert.Equal(numeric, Activations.Derivative(g, z), 3);
        }
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Linear)]
    public void SpanForwardAndBackward_MatchTheScalarFormulasForEveryLength(Activation g)
    {
        var random = new Random(1);
        for (int n = 0; n <= 40; n++)
        {
            float[] z = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
            var h = new float[n];
            Activations.Forward(g, z, h);
            float[] delta = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] expectedDelta = delta.Select((d, i) => d * Activations.Derivative(g, z[i])).ToArray();
            Activations.Backward(g, h, delta);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(Activations.Of(g, z[i]), h[i], 1e-6f);       // TensorPrimitives' exp/tanh may differ from MathF's by an ulp or two
                Assert.Equal(expectedDelta[i], delta[i], 1e-6f);
            }
        }
    }

    [Fact]
    public void NameAndParse_RoundTrip()
    {
        foreach (var g in Enum.GetValues<Activation>()) Assert.Equal(g, Activations.Parse(Activations.Name(g)));
        Assert.Equal("leaky-relu", Activations.Name(Activation.LeakyRelu));
        Assert.Throws<UserInputException>(() => Activations.Parse("swish"));
    }
}
