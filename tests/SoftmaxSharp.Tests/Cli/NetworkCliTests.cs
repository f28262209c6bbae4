namespace SoftmaxSharp.Tests.Cli;

public class NetworkCliTests
{
    [Fact]
    public void Quiet_silences_the_networks_epoch_lines_but_not_the_result()
    {
        var loud = CliRunner.Run("train", "--hidden", "8", "--epochs", "3");
        var quiet = CliRunner.Run("train", "--hidden", "8", "--epochs", "3", "--quiet");
        Assert.True(quiet.ExitCode == 0, quiet.Error);
        Assert.Contains(" epoch       loss", loud.Output);
        Assert.DoesNotContain(" epoch       loss", quiet.Output);
        Assert.DoesNotContain("\n     3  ", quiet.Output);
        Assert.Contains("test accuracy", quiet.Output);
    }

    [Fact]
    public void TrainHidden_ThenEvaluatePredictAndExport()
    {
        using var directory = new TempDirectory();
        string model = directory.File("net.json");

        var train = CliRunner.Run("train", "--hidden", "16,8", "--activation", "tanh", "--epochs", "40", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("feedforward network 4-16-8-3 (tanh", train.Output);
        Assert.Contains("Xavier initial weights", train.Output);
        Assert.Contains("    40  ", train.Output);                    // one progress line per epoch

        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", "iris");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("Accuracy", evaluate.Output);

        var predict = CliRunner.Run("predict", "--model", model, "--data", "iris");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.StartsWith("predicted,p(setosa),p(versicolor),p(virginica)", predict.Output);
        Assert.Equal(151, predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var warm = CliRunner.Run("train", "--from", model, "--epochs", "1");
        Assert.Equal(2, warm.ExitCode);
        Assert.Contains("holds a network", warm.Error);

        var export = CliRunner.Run("export", model, "--onnx", directory.File("net.onnx"));
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(File.Exists(directory.File("net.onnx")));
    }

    [Fact]
    public void TrainHiddenWithAdam_UsesTheSharedOptimizerAndEarlyStopping()
    {
        var result = CliRunner.Run("train", "--hidden", "10", "--optimizer", "adam", "--lr", "0.01", "--epochs", "30", "--validation-split", "0.2", "--patience", "3");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Optimizer adam (β₁ 0.9, β₂ 0.999", result.Output);
        Assert.Contains("val loss", result.Output);
        Assert.Contains("Stopped: ", result.Output);
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("sigmoid")]
    [InlineData("linear")]
    public void GradcheckNetwork_PassesForEveryActivation(string activation)
    {
        var result = CliRunner.Run("gradcheck", "--model", "network", "--hidden", "5", "--activation", activation);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"feedforward network 4-5-3 ({activation})", result.Output);
        Assert.Contains("W2", result.Output);
        Assert.Contains("PASS", result.Output);
    }

    [Theory]
    [InlineData("--hidden", "10,x")]
    [InlineData("--hidden", "0")]
    [InlineData("--activation", "tanh")]
    [InlineData("--init", "xavier")]
    [InlineData("--hidden", "5", "--init", "random")]
    [InlineData("--hidden", "5", "--label-smoothing", "0.1")]
    public void BadNetworkOptions_AreOneLineUserErrors(params string[] args)
    {
        var result = CliRunner.Run(["train", "--epochs", "1", .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("softmax", result.Error);
    }
}
