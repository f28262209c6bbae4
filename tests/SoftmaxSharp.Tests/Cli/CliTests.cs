using System.Globalization;

namespace SoftmaxSharp.Tests.Cli;

public class CliTests
{
    const string IrisCsv = "Sepal_Length,Sepal_Width,Petal_Length,Petal_Width,Label\n5.1,3.5,1.4,0.2,0\n4.9,3,1.4,0.2,0\n4.7,3.2,1.3,0.2,0\n6.4,3.2,4.5,1.5,1\n6.9,3.1,4.9,1.5,1\n5.5,2.3,4,1.3,1\n4.9,2.5,4.5,1.7,2\n7.3,2.9,6.3,1.8,2\n6.7,2.5,5.8,1.8,2\n";

    [Fact]
    public void ExplainWithoutArgumentsReproducesTheLectureWorkedExample()
    {
        var result = CliRunner.Run("explain");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("z = θᵀx                   = [0.38000, -0.09000]", result.Output);
        Assert.Contains("= [0.61538, 0.38462]", result.Output);
        Assert.Contains("= 0.48551", result.Output);
        Assert.Contains("= [[-0.38462, 0.38462], [-0.53846, 0.53846]]", result.Output);
        Assert.Contains("= [[0.13846, 0.01154], [0.25385, -0.15385]]", result.Output);
    }

    [Fact]
    public void ExplainTakesParametersFromTheCommandLine()
    {
        // θ of lecture 002's three-class example: b = [1, 1, 1], w = [2, 3, 5]; x = 1 → ŷ = [0.0420, 0.1141, 0.8437].
        var result = CliRunner.Run("explain", "--theta", "1,1,1;2,3,5", "--x", "1", "--y", "2", "--lr", "0.5");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("= [3.00000, 4.00000, 6.00000]", result.Output);
        Assert.Contains("= [0.04201, 0.11420, 0.84379]", result.Output);
    }

    [Fact]
    public void ExplainWithSomeButNotAllParametersIsAUserError()
    {
        var result = CliRunner.Run("explain", "--x", "1.4");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--theta, --x and --y together", result.Error);
    }

    [Fact]
    public void TrainWithNoArgumentsTrainsOnTheEmbeddedIris()
    {
        var result = CliRunner.Run("train");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Training softmax regression on iris: 120 rows × 4 features, 3 classes (setosa, versicolor, virginica)", result.Output);
        Assert.Contains("   100  ", result.Output);                // one line per epoch, the last one too
        var last = result.Output.Split('\n').Single(l => l.StartsWith("Train accuracy", StringComparison.Ordinal));
        double test = double.Parse(last.Split("test accuracy ")[1][..6], CultureInfo.InvariantCulture);
        Assert.True(test >= 0.9, last);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void TrainSavesAModelThatPredictAndEvaluateUse()
    {
        using var temp = new TempDirectory();
        string data = temp.File("iris.csv", IrisCsv);
        string features = temp.File("features.csv", string.Join('\n', IrisCsv.Split('\n').Select(l => l.Length == 0 ? l : l[..l.LastIndexOf(',')])));
        string model = temp.File("model.json");

        var train = CliRunner.Run("train", "--data", data, "--test", data, "--epochs", "200", "--out", model);
        Assert.Equal(0, train.ExitCode);
        Assert.True(File.Exists(model));

        string trainedAccuracy = train.Output.Split("test accuracy ")[1][..6];
        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", data);
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Contains("Accuracy       " + trainedAccuracy, evaluate.Output);   // the saved model is the trained one
        Assert.Contains("true \\ predicted", evaluate.Output);
        string[] truth = ["0", "0", "0", "1", "1", "1", "2", "2", "2"];

        foreach (string input in new[] { data, features })
        {
            var predict = CliRunner.Run("predict", "--model", model, "--data", input);
            Assert.Equal(0, predict.ExitCode);
            var lines = predict.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal("predicted,p(0),p(1),p(2)", lines[0]);
            Assert.Equal(10, lines.Length);
            int correct = lines.Skip(1).Select(l => l.Split(',')[0]).Zip(truth).Count(p => p.First == p.Second);
            Assert.Equal(trainedAccuracy, (correct / 9.0).ToString("F4", CultureInfo.InvariantCulture));
            foreach (var line in lines.Skip(1))
                Assert.Equal(1.0, line.Split(',').Skip(1).Sum(p => double.Parse(p, CultureInfo.InvariantCulture)), 5);
        }

        string predictions = temp.File("predictions.csv");
        var toFile = CliRunner.Run("predict", "-m", model, "-d", data, "-o", predictions);
        Assert.Equal(0, toFile.ExitCode);
        Assert.Equal(10, File.ReadAllLines(predictions).Length);
    }

    [Theory]
    [InlineData("train", "--epochs", "abc")]
    [InlineData("train", "--epochs", "0")]
    [InlineData("train", "--lr", "-1")]
    [InlineData("train", "--batch-size", "0")]
    [InlineData("train", "--data", "no-such-file.csv")]
    [InlineData("train", "--scale", "weird")]
    [InlineData("train", "--no-such-option")]
    [InlineData("predict", "--model", "no-such-model.json", "--data", "iris")]
    [InlineData("evaluate", "--data", "iris")]
    [InlineData("no-such-verb")]
    public void UserErrorsPrintOneLineAndExitWithTwo(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("softmax", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void ABadCsvCellIsReportedWithFileLineAndColumn()
    {
        using var temp = new TempDirectory();
        string data = temp.File("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        var result = CliRunner.Run("train", "--data", data);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{data}:3:3: 'oops' in feature column 'b' is not a number", result.Error);
    }

    [Fact]
    public void DatasetsListsEveryEmbeddedDataset()
    {
        var result = CliRunner.Run("datasets");
        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "iris ", "iris-1d-2c", "iris-1d-3c", "iris-2d-3c", "iris-4d-3c" }) Assert.Contains(name, result.Output);
    }

    [Theory]
    [InlineData("train", "--epochs")]
    [InlineData("predict", "--model")]
    [InlineData("evaluate", "--model")]
    [InlineData("explain", "--theta")]
    [InlineData("datasets", "Usage")]
    public void EveryVerbHasHelp(string verb, string expected)
    {
        var result = CliRunner.Run(verb, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Output);
    }

    [Fact]
    public void TrainHelpSaysHowCsvIsScaledByDefault()
    {
        var result = CliRunner.Run("train", "--help");
        Assert.Contains("standardize for CSV", result.Output);
    }
}
