namespace SoftmaxSharp.Tests.Cli;

/// <summary>`softmax train`'s weighting, smoothing and warm-start options, and `softmax export`.</summary>
public class TrainOptionsCliTests
{
    const string WeightedCsv = "a,b,w,label\n1,2,1,x\n2,1,0.5,y\n1.5,2.5,2,x\n3,1,1,y\n0.5,2,1,x\n2.5,0.5,1,y\n";

    [Fact]
    public void TrainWithBalancedClassWeightsAndLabelSmoothingNamesThemAndEveryClass()
    {
        var result = CliRunner.Run("train", "--epochs", "5", "--class-weight", "balanced", "--label-smoothing", "0.1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Loss: cross-entropy, class weights setosa 1, versicolor 1, virginica 1, label smoothing ε = 0.1.", result.Output);
        Assert.Contains("Test accuracy per class: setosa ", result.Output);
        Assert.Contains(", virginica ", result.Output);
    }

    [Theory]
    [InlineData("1", "1 epoch,")]
    [InlineData("2", "2 epochs,")]
    public void TrainCountsItsEpochsInGoodEnglish(string epochs, string expected)
    {
        var result = CliRunner.Run("train", "--epochs", epochs, "--patience", "1", "--validation-split", "0.2");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Output);
        Assert.Contains("early stopping after 1 epoch without improvement", result.Output);
        Assert.DoesNotContain("1 epochs", result.Output);
    }

    [Fact]
    public void TrainTakesSampleWeightsFromAColumnThatIsThenNoFeature()
    {
        using var temp = new TempDirectory();
        string data = temp.File("weighted.csv", WeightedCsv), model = temp.File("model.json");
        var result = CliRunner.Run("train", "--data", data, "--test", data, "--weight-column", "w", "--class-weight", "x=2", "--epochs", "3", "--out", model);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 features", result.Output);
        Assert.Contains("class weights x 2, y 1, sample weights from column 'w'", result.Output);
        Assert.Equal(["a", "b"], SoftmaxSharp.Persistence.ModelFile.Load(model).FeatureNames);
    }

    [Theory]
    [InlineData("--weight-column", "nope", "no column 'nope' for --weight-column")]
    [InlineData("--class-weight", "x=-1", "--class-weight: 'x=-1' is not class=weight")]
    [InlineData("--label-smoothing", "1.5", "label smoothing must be between 0 and 1")]
    public void BadWeightingOptionsAreUserErrors(string option, string value, string message)
    {
        using var temp = new TempDirectory();
        string data = temp.File("weighted.csv", WeightedCsv);
        var result = CliRunner.Run("train", "--data", data, "--test", data, option, value, "--epochs", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void TrainFromASavedModelContinuesItAndExportWritesOnnx()
    {
        using var temp = new TempDirectory();
        string first = temp.File("first.json"), second = temp.File("second.json"), onnx = temp.File("model.onnx");
        Assert.Equal(0, CliRunner.Run("train", "--epochs", "5", "--scale", "minmax", "--out", first).ExitCode);
        var resumed = CliRunner.Run("train", "--from", first, "--epochs", "5", "--out", second);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("(its minmax scaling kept)", resumed.Output);
        Assert.Contains("the saved model's initial weights", resumed.Output);
        Assert.NotEqual(File.ReadAllText(first), File.ReadAllText(second));

        var export = CliRunner.Run("export", second, "--onnx", onnx);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("outputs 'label', 'class_name' and 'probabilities' [N, 3] over setosa, versicolor, virginica", export.Output);
        Assert.True(new FileInfo(onnx).Length > 100);
    }

    [Fact]
    public void VersionPrintsThePackageVersion()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(typeof(SoftmaxSharp.Models.SoftmaxRegression).Assembly.GetName().Version!.ToString(3), result.Output.Trim());
    }
}
