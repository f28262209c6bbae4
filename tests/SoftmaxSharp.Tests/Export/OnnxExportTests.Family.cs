using SoftmaxSharp.Data;
using SoftmaxSharp.Export;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Export;

/// <summary>The ONNX export of logistic and linear regression, checked as softmax regression's is.</summary>
public sealed partial class OnnxExportTests
{
    [Theory]
    [InlineData("logistic")]
    [InlineData("linear")]
    public void FamilyModelsPassTheOnnxChecker(string kind)
    {
        using var directory = new TempDirectory();
        string path = directory.File(kind + ".onnx");
        if (kind == "logistic") OnnxExporter.Save(TrainIrisLogistic(Scaling.Standardize), path);
        else OnnxExporter.Save(TrainHousePrices(Scaling.Standardize), path);
        RequirePythonOnnx();
        var result = ExternalTool.Run(Python, ["-c",
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.ir_version, m.opset_import[0].version)", path]);
        Assert.True(result.ExitCode == 0, $"onnx.checker rejected the model:\n{result.Error}");
        Assert.Equal($"{OnnxExporter.IrVersion} {OnnxExporter.Opset}", result.Output.Trim());
    }

    [Theory]
    [InlineData(Scaling.Standardize)]
    [InlineData(Scaling.None)]
    public void OnnxRuntimeAgreesWithLogisticRegressionOnIris(Scaling scaling)
    {
        var model = TrainIrisLogistic(scaling);
        model.Threshold = 0.3f;                                       // the threshold travels into the graph
        AssertOnnxRuntimeAgreesLogistic(model, IrisTwoClasses());
    }

    [Fact]
    public void OnnxRuntimeAgreesWithLogisticRegressionOnFashionMnistTshirtVsTrouser()
    {
        var (train, test) = fashion.Require();
        var model = new LogisticRegression();
        model.Fit(train.SelectClasses([0, 1]), new TrainingOptions { Epochs = 1, Scaling = Scaling.Pixels });
        AssertOnnxRuntimeAgreesLogistic(model, test.SelectClasses([0, 1]));
    }

    [Theory]
    [InlineData(Scaling.Standardize)]
    [InlineData(Scaling.MinMax)]
    [InlineData(Scaling.None)]
    public void OnnxRuntimeAgreesWithLinearRegression(Scaling scaling)
    {
        var model = TrainHousePrices(scaling);
        var data = GradientCheck.RandomRegression(50, 1, seed: 3);   // areas around 0: outside the training range on purpose
        var houses = Dataset.Regression(data.Features.Select(x => 5 + 2 * x).ToArray(), data.Targets!, ["area"], "price");
        using var outputs = RunOnnx(directory => OnnxExporter.Save(model, directory), houses);
        float[] actual = ReadFloats(outputs.File("prediction.f32")), expected = model.Predict(houses);
        Assert.Equal(expected.Length, actual.Length);
        double worst = Enumerable.Range(0, expected.Length).Max(i => Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Abs(expected[i])));
        output.WriteLine($"linear regression ({scaling}): largest relative |ŷ(ONNX Runtime) − ŷ(SoftmaxSharp)| = {worst:G3}");
        Assert.True(worst <= 1e-5, $"the largest difference in a prediction is {worst:G3} (> 1e-5)");
    }

    static Dataset IrisTwoClasses() => EmbeddedDatasets.Load("iris").SelectClasses([1, 2]);   // versicolor vs virginica: not separable

    static LogisticRegression TrainIrisLogistic(Scaling scaling)
    {
        var model = new LogisticRegression();
        model.Fit(IrisTwoClasses(), new TrainingOptions { Epochs = 30, Scaling = scaling, LearningRate = scaling == Scaling.None ? 0.01f : 0.1f });
        return model;
    }

    static LinearRegression TrainHousePrices(Scaling scaling)
    {
        var model = new LinearRegression();
        model.Fit(EmbeddedDatasets.Load("house-prices"), new TrainingOptions { Epochs = 200, Scaling = scaling, LearningRate = scaling == Scaling.None ? 0.01f : 0.1f, BatchSize = 4 });
        return model;
    }

    void AssertOnnxRuntimeAgreesLogistic(LogisticRegression model, Dataset data)
    {
        using var outputs = RunOnnx(path => OnnxExporter.Save(model, path), data);
        int n = data.Rows;
        float[] expected = model.PredictProba(data.Features), actual = ReadFloats(outputs.File("probabilities.f32"));
        Assert.Equal(2 * n, actual.Length);
        double worst = Enumerable.Range(0, expected.Length).Max(i => Math.Abs(expected[i] - actual[i]));
        output.WriteLine($"{data.Source}: {n} rows, largest |ŷ(ONNX Runtime) − ŷ(SoftmaxSharp)| = {worst:G3}");
        Assert.True(worst <= 1e-5, $"the largest difference in a probability is {worst:G3} (> 1e-5)");
        long[] labels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(outputs.File("label.i64"))).ToArray();
        string[] names = File.ReadAllLines(outputs.File("class_name.txt"));
        int[] predicted = model.Predict(data);
        int disagreements = Enumerable.Range(0, n).Count(i => labels[i] != predicted[i]);
        Assert.True(disagreements <= n / 1000, $"{disagreements} of {n} labels differ");
        for (int i = 0; i < n; i++) Assert.Equal(model.ClassNames[labels[i]], names[i]);
    }

    /// <summary>Exports with <paramref name="save"/>, runs ONNX Runtime on every row of <paramref name="data"/>; the directory holds the outputs.</summary>
    static TempDirectory RunOnnx(Action<string> save, Dataset data)
    {
        string node = RequireOnnxRuntime();
        var directory = new TempDirectory();
        string onnx = directory.File("model.onnx"), input = directory.File("features.f32");
        save(onnx);
        File.WriteAllBytes(input, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Features.AsSpan()).ToArray());
        var result = ExternalTool.Run(node, [Path.Combine(OnnxDirectory, "run.mjs"), onnx, input, data.Rows.ToString(), data.Columns.ToString(), directory.Path]);
        Assert.True(result.ExitCode == 0, $"ONNX Runtime failed:\n{result.Error}");
        return directory;
    }
}
