namespace SoftmaxSharp.Tests.Cli;

/// <summary>`softmax train --solver lbfgs` and its options.</summary>
public class LbfgsCliTests
{
    [Fact]
    public void TrainWithLbfgs_PrintsJAndTheGradientNormPerIteration_AndWhyItStopped()
    {
        var result = CliRunner.Run("train", "--solver", "lbfgs", "--C", "1");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        // 120 training rows (iris, 20% held out): λ = 1/(n·C) = 1/120.
        Assert.Contains("L-BFGS on J = mean cross-entropy + λ/2·‖W‖², λ = 0.00833333 (scikit-learn's C = 1/(n·λ) = 1), until ‖∇J‖∞ ≤ 0.0001 or 1000 iterations", result.Output);
        Assert.Contains("  iter            J      ‖∇J‖∞  evals       loss  accuracy  test loss  test acc", result.Output);
        Assert.Matches(@"\n +1 +0\.\d{8} +\d\.\d\dE[-+]\d\d +2 ", result.Output);
        Assert.Matches(@"L-BFGS converged: ‖∇J‖∞ = [\d.E-]+ ≤ the tolerance, after \d+ iterations and \d+ evaluations of J; J = 0\.\d+\.", result.Output);
        Assert.Contains("test accuracy", result.Output);
    }

    [Fact]
    public void L2AndCGiveTheSameRun_WhenLambdaIsOneOverNC()
    {
        var withC = CliRunner.Run("train", "--solver", "lbfgs", "--C", "0.5");
        var withL2 = CliRunner.Run("train", "--solver", "lbfgs", "--l2", (1 / (120 * 0.5)).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, withC.ExitCode);
        static string Table(string output) => output[output.IndexOf("  iter", StringComparison.Ordinal)..output.IndexOf("Train accuracy", StringComparison.Ordinal)];
        Assert.Equal(Table(withC.Output), Table(withL2.Output));
    }

    [Fact]
    public void TheIterationLimit_IsReportedAsTheReason()
    {
        var result = CliRunner.Run("train", "--solver", "lbfgs", "--max-iter", "2", "--tol", "1e-9");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("L-BFGS stopped at the iteration limit before ‖∇J‖∞ ≤ the tolerance", result.Output);
        Assert.Contains("after 2 iterations", result.Output);
    }

    [Theory]
    [InlineData("--batch-size", "10", "--solver lbfgs does not take --batch-size")]
    [InlineData("--epochs", "10", "--solver lbfgs does not take --epochs")]
    [InlineData("--lr", "0.5", "--solver lbfgs does not take --lr")]
    [InlineData("--checkpoint", "x.ckpt", "--solver lbfgs does not take --checkpoint")]
    [InlineData("--l2", "-1", "the L2 strength λ must be a number ≥ 0")]
    [InlineData("--C", "0", "--C must be a positive number")]
    [InlineData("--C", "-2", "--C must be a positive number")]
    [InlineData("--tol", "-1", "the tolerance must be a number ≥ 0")]
    [InlineData("--max-iter", "0", "the iteration limit must be at least 1")]
    public void BadOrMeaninglessOptions_AreOneLineErrors(string option, string value, string message)
    {
        var result = CliRunner.Run("train", "--solver", "lbfgs", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("softmax: ", result.Error);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void L2AndCTogether_AreAnError()
    {
        var result = CliRunner.Run("train", "--solver", "lbfgs", "--l2", "0.01", "--C", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--l2 and --C both set the regularization strength", result.Error);
    }

    [Theory]
    [InlineData("--tol", "1e-5")]
    [InlineData("--max-iter", "50")]
    [InlineData("--C", "1")]
    public void LbfgsOptionsWithoutLbfgs_AreAnError(string option, string value)
    {
        var result = CliRunner.Run("train", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} is an option of --solver lbfgs", result.Error);
    }

    [Fact]
    public void AnUnknownSolver_IsAnError()
    {
        var result = CliRunner.Run("train", "--solver", "newton");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("newton", result.Error);
    }
}
