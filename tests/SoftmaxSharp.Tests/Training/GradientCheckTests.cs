using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class GradientCheckTests
{
    static SoftmaxRegression RandomSoftmax(Dataset data, int seed)
    {
        var model = new SoftmaxRegression(new float[data.Classes * data.Columns], new float[data.Classes], data.FeatureNames, data.ClassNames);
        GradientCheck.Randomize(model, seed);
        return model;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Softmax_regression_gradient_matches_finite_differences(double l2)
    {
        var data = GradientCheck.RandomClassification(20, 4, 3, seed: 1);
        var result = GradientCheck.Run(RandomSoftmax(data, 2), data, l2);
        Assert.Equal(["W", "b"], result.Blocks.Select(b => b.Name));
        Assert.True(result.Passed, $"max relative error {result.MaxRelativeError}");
        Assert.True(result.MaxRelativeError < 1e-5, $"max relative error {result.MaxRelativeError}");
    }

    [Fact]
    public void Parameters_are_restored_after_the_check()
    {
        var data = GradientCheck.RandomClassification(10, 3, 3, seed: 1);
        var model = RandomSoftmax(data, 3);
        int[] before = FloatBits.Of([.. model.Weights, .. model.Bias]);
        GradientCheck.Run(model, data, 0.5);
        Assert.Equal(before, FloatBits.Of([.. model.Weights, .. model.Bias]));
    }

    /// <summary>A model whose analytic gradient is deliberately wrong in one way, to show the check can fail.</summary>
    sealed class Broken(IDifferentiableModel inner, Func<float[][], double, int> corrupt) : IDifferentiableModel
    {
        public IReadOnlyList<ParameterBlock> Parameters => inner.Parameters;
        public double Objective(Dataset data, float[][] gradients, double l2 = 0)
        {
            double j = inner.Objective(data, gradients, l2);
            corrupt(gradients, l2);
            return j;
        }
    }

    [Fact]
    public void A_gradient_off_by_one_percent_fails()
    {
        var data = GradientCheck.RandomClassification(20, 4, 3, seed: 1);
        var broken = new Broken(RandomSoftmax(data, 2), (g, _) => { g[0][5] *= 1.01f; return 0; });
        var result = GradientCheck.Run(broken, data);
        Assert.False(result.Passed);
        Assert.Equal(5, result.Blocks[0].WorstIndex);
        Assert.True(result.Blocks[1].MaxRelativeError < 1e-5);
    }

    [Fact]
    public void A_gradient_missing_the_L2_term_fails()
    {
        var data = GradientCheck.RandomClassification(20, 4, 3, seed: 1);
        var model = RandomSoftmax(data, 2);
        var broken = new Broken(model, (g, l2) => { for (int i = 0; i < g[0].Length; i++) g[0][i] -= (float)(l2 * model.Weights[i]); return 0; });
        Assert.True(GradientCheck.Run(broken, data, l2: 0).Passed);                 // without L2 the missing term is 0
        Assert.False(GradientCheck.Run(broken, data, l2: 0.1).Passed);
    }

    [Fact]
    public void A_gradient_that_penalizes_the_bias_fails()
    {
        var data = GradientCheck.RandomClassification(20, 4, 3, seed: 1);
        var model = RandomSoftmax(data, 2);
        var broken = new Broken(model, (g, l2) => { for (int c = 0; c < g[1].Length; c++) g[1][c] += (float)(l2 * model.Bias[c]); return 0; });
        var result = GradientCheck.Run(broken, data, l2: 0.1);
        Assert.False(result.Passed);
        Assert.True(result.Blocks[0].MaxRelativeError < 1e-5);
    }
}

public class FamilyGradientCheckTests
{
    public static TheoryData<string, double> Models() => new()
    {
        { "softmax", 0 }, { "softmax", 0.3 }, { "logistic", 0 }, { "logistic", 0.3 },
        { "linear-mse", 0 }, { "linear-mse", 0.3 }, { "linear-mae", 0 }, { "linear-mae", 0.3 },
    };

    static (IDifferentiableModel Model, Dataset Data) Problem(string name, int seed)
    {
        Dataset data;
        IDifferentiableModel model;
        switch (name)
        {
            case "softmax":
                data = GradientCheck.RandomClassification(25, 4, 3, seed);
                model = new SoftmaxRegression(new float[12], new float[3], data.FeatureNames, data.ClassNames);
                break;
            case "logistic":
                data = GradientCheck.RandomClassification(25, 4, 2, seed);
                model = new LogisticRegression(new float[4], 0, data.FeatureNames, data.ClassNames);
                break;
            default:
                data = GradientCheck.RandomRegression(25, 4, seed);
                model = new LinearRegression(new float[4], 0, data.FeatureNames, "y", loss: name == "linear-mae" ? SoftmaxSharp.Core.RegressionLoss.Mae : SoftmaxSharp.Core.RegressionLoss.Mse);
                break;
        }
        GradientCheck.Randomize(model, seed + 1);
        return (model, data);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_model_passes(string name, double l2)
    {
        var (model, data) = Problem(name, 4);
        var result = GradientCheck.Run(model, data, l2);
        Assert.True(result.Passed, $"{name}: max relative error {result.MaxRelativeError}");
    }
}

public class WrongFamilyGradientTests
{
    sealed class Scaled(IDifferentiableModel inner, float factor) : IDifferentiableModel
    {
        public IReadOnlyList<ParameterBlock> Parameters => inner.Parameters;
        public double Objective(Dataset data, float[][] gradients, double l2 = 0)
        {
            double j = inner.Objective(data, gradients, l2);
            foreach (var g in gradients) for (int i = 0; i < g.Length; i++) g[i] *= factor;
            return j;
        }
    }

    [Fact]
    public void The_gradient_of_MSELoss_without_the_half_fails_against_our_half_squared_error()
    {
        var data = GradientCheck.RandomRegression(25, 3, seed: 1);
        var model = new LinearRegression(new float[3], 0, data.FeatureNames, "y");
        GradientCheck.Randomize(model, 2);
        Assert.True(GradientCheck.Run(model, data).Passed);
        Assert.False(GradientCheck.Run(new Scaled(model, 2f), data).Passed);   // PyTorch's MSELoss gradient is 2(ŷ − y)
    }

    [Fact]
    public void A_logistic_gradient_with_the_wrong_sign_fails()
    {
        var data = GradientCheck.RandomClassification(25, 3, 2, seed: 1);
        var model = new LogisticRegression(new float[3], 0, data.FeatureNames, data.ClassNames);
        GradientCheck.Randomize(model, 2);
        var result = GradientCheck.Run(new Scaled(model, -1f), data);
        Assert.False(result.Passed);
        Assert.True(result.MaxRelativeError > 1);
    }
}
