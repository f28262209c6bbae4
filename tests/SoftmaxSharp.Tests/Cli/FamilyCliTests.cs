namespace SoftmaxSharp.Tests.Cli;

public class FamilyCliTests
{
    [Theory]
    [InlineData("softmax")]
    [InlineData("logistic")]
    [InlineData("linear")]
    [InlineData("linear-mae")]
    public void Gradcheck_passes_for_every_model_and_prints_a_table(string model)
    {
        var result = CliRunner.Run("gradcheck", "--model", model, "--seed", "2", "--l2", "0.1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("max rel err", result.Output);
        Assert.Contains("PASS", result.Output);
    }

    [Fact]
    public void Gradcheck_fails_with_exit_1_when_the_threshold_is_impossibly_tight()
    {
        var result = CliRunner.Run("gradcheck", "--threshold", "1e-30");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Output);
    }

    [Fact]
    public void Logistic_regression_trains_saves_predicts_evaluates_and_exports()
    {
        using var directory = new TempDirectory();
        string model = directory.File("logistic.json"), onnx = directory.File("logistic.onnx");
        var train = CliRunner.Run("train", "--model", "logistic", "--data", "iris", "--classes", "versicolor,virginica", "--epochs", "20", "--threshold", "0.4", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("Training logistic regression", train.Output);
        Assert.Contains("test accuracy", train.Output);

        var predict = CliRunner.Run("predict", "--model", model, "--data", "iris");
        Assert.Equal(0, predict.ExitCode);
        Assert.StartsWith("predicted,p(versicolor),p(virginica)", predict.Output);
        Assert.Equal(101, predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);   // setosa rows are left out

        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", "iris");
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Contains("Accuracy", evaluate.Output);
        Assert.Contains("Confusion matrix", evaluate.Output);

        var export = CliRunner.Run("export", model, "--onnx", onnx);
        Assert.Equal(0, export.ExitCode);
        Assert.True(File.Exists(onnx));
    }

    [Fact]
    public void Linear_regression_trains_on_house_prices_and_evaluates_with_r2()
    {
        using var directory = new TempDirectory();
        string model = directory.File("linear.json"), onnx = directory.File("linear.onnx");
        var train = CliRunner.Run("train", "--model", "linear", "--data", "house-prices", "--epochs", "100", "--batch-size", "4", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("R²", train.Output);

        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", "house-prices");
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Contains("RMSE", evaluate.Output);
        Assert.Contains("MAE", evaluate.Output);

        var csv = directory.File("areas.csv", "area\n6.7\n5\n");
        var predict = CliRunner.Run("predict", "--model", model, "--data", csv);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal(3, predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(0, CliRunner.Run("export", model, "--onnx", onnx).ExitCode);
        var mae = CliRunner.Run("train", "--model", "linear", "--loss", "mae", "--data", "house-prices", "--epochs", "10");
        Assert.True(mae.ExitCode == 0, mae.Error);
        Assert.Contains("absolute error", mae.Output);
    }

    [Theory]
    [InlineData("train", "--model", "logistic", "--data", "iris")]                          // three classes
    [InlineData("train", "--model", "logistic", "--data", "iris", "--classes", "0,7")]      // no class 7
    [InlineData("train", "--model", "linear", "--data", "iris")]                            // class names, not numbers
    [InlineData("train", "--data", "iris", "--classes", "0,1")]                             // --classes is for logistic
    [InlineData("train", "--data", "house-prices")]                                         // softmax needs classes
    public void Mistakes_are_one_line_and_exit_2(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_model_file_of_an_unknown_kind_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        string path = directory.File("tree.json", "{\"format\":\"softmaxsharp-model\",\"version\":1,\"kind\":\"decision-tree\",\"features\":1,\"classes\":1}");
        var result = CliRunner.Run("predict", "--model", path, "--data", "iris");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown model kind 'decision-tree'", result.Error);
    }

    [Fact]
    public void Logistic_regression_on_two_fashion_mnist_classes_picked_by_name()
    {
        const string fashion = "/usr/share/datasets/fashion-mnist";
        Assert.True(SoftmaxSharp.Data.IdxReader.IsIdxDirectory(fashion), $"Fashion-MNIST is not installed at {fashion}");
        var result = CliRunner.Run("train", "--model", "logistic", "--data", fashion, "--classes", "T-shirt/top,Trouser", "--epochs", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("12000 rows", result.Output);
        var match = System.Text.RegularExpressions.Regex.Match(result.Output, @"test accuracy (\d\.\d+) \((\d+) rows\)");
        Assert.True(match.Success, result.Output);
        Assert.Equal("2000", match.Groups[2].Value);
        Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.97, result.Output);
    }
}
