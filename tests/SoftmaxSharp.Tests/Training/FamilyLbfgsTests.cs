using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Tests.Cli;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

/// <summary>L-BFGS trains every convex model of the family: logistic and linear regression, not only softmax.</summary>
public class FamilyLbfgsTests
{
    [Fact]
    public void Linear_regression_by_lbfgs_lands_on_the_least_squares_solution()
    {
        var data = EmbeddedDatasets.Load("house-prices");
        var exact = LinearRegression.LeastSquares(data);
        var model = new LinearRegression();
        var history = model.Fit(data, new TrainingOptions { Solver = Solver.Lbfgs, Scaling = Scaling.Standardize, Tolerance = 1e-6 });

        Assert.True(history.Lbfgs!.Converged, history.Lbfgs.Describe());
        float[] exactPrediction = exact.Predict(data), prediction = model.Predict(data);
        for (int i = 0; i < data.Rows; i++) Assert.Equal(exactPrediction[i], prediction[i], 4);
    }

    [Fact]
    public void Logistic_regression_by_lbfgs_reaches_a_stationary_point_below_gradient_descents_objective()
    {
        var all = GradientCheck.RandomClassification(400, 6, 2, seed: 5);
        const double l2 = 0.01;
        var byLbfgs = new LogisticRegression();
        var history = byLbfgs.Fit(all, new TrainingOptions { Solver = Solver.Lbfgs, L2 = l2, Scaling = Scaling.Standardize, Tolerance = 1e-5 });
        var byDescent = new LogisticRegression();
        byDescent.Fit(all, new TrainingOptions { Epochs = 200, LearningRate = 0.5f, BatchSize = 400, L2 = l2, Scaling = Scaling.Standardize });

        Assert.True(history.Lbfgs!.Converged, history.Lbfgs.Describe());
        var gradients = byLbfgs.Parameters.Select(block => new float[block.Values.Length]).ToArray();
        double objective = byLbfgs.Objective(all, gradients, l2);
        Assert.True(gradients.SelectMany(g => g).Max(Math.Abs) <= 1e-4, "‖∇J‖∞ at L-BFGS's result");
        Assert.True(objective <= byDescent.Objective(all, byDescent.Parameters.Select(b => new float[b.Values.Length]).ToArray(), l2) + 1e-7);
        Assert.Equal(history.Epochs.Count, history.Lbfgs.Iterations);
        Assert.All(history.Epochs, e => Assert.True(e.Penalty > 0));
    }

    [Fact]
    public void The_cli_trains_logistic_regression_with_lbfgs_and_sklearns_C()
    {
        var result = CliRunner.Run("train", "--model", "logistic", "--data", "iris-1d-2c", "--solver", "lbfgs", "--C", "1");
        string output = result.Output;
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("full-batch L-BFGS on J = mean loss + λ/2·‖w‖² with λ = 0.25", output);   // λ = 1/(n·C), n = 4 training rows
        Assert.Contains("L-BFGS: converged", output);
    }
}
