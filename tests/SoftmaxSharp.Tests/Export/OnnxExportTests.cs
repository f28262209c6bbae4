using SoftmaxSharp.Data;
using SoftmaxSharp.Export;
using SoftmaxSharp.Models;
using SoftmaxSharp.Tests.Training;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Export;

/// <summary>
/// The exported ONNX graph against the ONNX tools themselves: Debian's onnx checker (python3-onnx) accepts
/// it, and ONNX Runtime (npm onnxruntime-node in tests/onnx, run by tests/onnx/run.mjs) computes the same
/// probabilities, labels and class names as SoftmaxSharp. <c>.ci/run</c> installs both; a missing one fails
/// the test with the command that installs it.
/// </summary>
public sealed partial class OnnxExportTests(FashionMnistFixture fashion, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FashionMnistFixture>
{
    const string Python = "/usr/bin/python3";
    static readonly string OnnxDirectory = Path.Combine(ExternalTool.RepositoryRoot, "tests", "onnx");

    [Fact]
    public void IrisModelWithStandardizationPassesTheOnnxChecker()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.onnx");
        OnnxExporter.Save(TrainIris(Scaling.Standardize), path);
        RequirePythonOnnx();
        var result = ExternalTool.Run(Python, ["-c",
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.ir_version, m.opset_import[0].version)", path]);
        Assert.True(result.ExitCode == 0, $"onnx.checker rejected the model:\n{result.Error}");
        Assert.Equal($"{OnnxExporter.IrVersion} {OnnxExporter.Opset}", result.Output.Trim());
    }

    [Theory]
    [InlineData(Scaling.Standardize)]
    [InlineData(Scaling.MinMax)]
    [InlineData(Scaling.None)]
    public void OnnxRuntimeAgreesWithSoftmaxSharpOnTheIrisTestSet(Scaling scaling)
    {
        var (train, test) = EmbeddedDatasets.Load("iris").Split(testFraction: 0.2, seed: 0);
        var model = new SoftmaxRegression();
        model.Fit(train, new TrainingOptions { Epochs = 50, Scaling = scaling });
        AssertOnnxRuntimeAgrees(model, test);
    }

    [Fact]
    public void OnnxRuntimeAgreesWithSoftmaxSharpOnTheFashionMnistTestSet()
    {
        var (train, test) = fashion.Require();
        var model = new SoftmaxRegression();
        model.Fit(train.Subset(Enumerable.Range(0, 5000).ToArray()), new TrainingOptions { Epochs = 2, Scaling = Scaling.Pixels });
        AssertOnnxRuntimeAgrees(model, test);
    }

    static SoftmaxRegression TrainIris(Scaling scaling)
    {
        var model = new SoftmaxRegression();
        model.Fit(EmbeddedDatasets.Load("iris"), new TrainingOptions { Epochs = 20, Scaling = scaling });
        return model;
    }

    /// <summary>Runs the exported model on every row of <paramref name="data"/> in ONNX Runtime: ŷ within 1e-5, same labels and names.</summary>
    void AssertOnnxRuntimeAgrees(SoftmaxRegression model, Dataset data)
    {
        string node = RequireOnnxRuntime();
        using var directory = new TempDirectory();
        string onnx = directory.File("model.onnx"), input = directory.File("features.f32");
        OnnxExporter.Save(model, onnx);
        float[] x = data.Features;                                 // X [n, d], raw
        File.WriteAllBytes(input, System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).ToArray());
        var result = ExternalTool.Run(node, [Path.Combine(OnnxDirectory, "run.mjs"), onnx, input, data.Rows.ToString(), data.Columns.ToString(), directory.Path]);
        Assert.True(result.ExitCode == 0, $"ONNX Runtime failed:\n{result.Error}");

        int n = data.Rows, k = model.Classes;
        float[] expected = model.PredictProba(x);                // Ŷ [n, k]
        float[] actual = ReadFloats(directory.File("probabilities.f32"));
        Assert.Equal(n * k, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        output.WriteLine($"{data.Source}: {n} rows, largest |ŷ(ONNX Runtime) − ŷ(SoftmaxSharp)| = {worst:G3}");
        Assert.True(worst <= 1e-5, $"the largest difference in a probability is {worst:G3} (> 1e-5)");

        long[] labels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(directory.File("label.i64"))).ToArray();
        string[] names = File.ReadAllLines(directory.File("class_name.txt"));
        int[] predicted = model.Predict(x);
        int disagreements = Enumerable.Range(0, n).Count(i => labels[i] != predicted[i]);
        Assert.True(disagreements <= n / 1000, $"{disagreements} of {n} labels differ");   // only near-ties may flip
        for (int i = 0; i < n; i++) Assert.Equal(model.ClassNames[labels[i]], names[i]);
    }

    static float[] ReadFloats(string path) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    static void RequirePythonOnnx()
    {
        ExternalTool.Require(Python, "apt-get install python3-onnx (.ci/run installs it)");
        var probe = ExternalTool.Run(Python, ["-c", "import onnx"]);
        if (probe.ExitCode != 0) Assert.Fail($"Python's onnx package is missing ({probe.Error.Trim().Split('\n')[^1]}): apt-get install python3-onnx (.ci/run installs it)");
    }

    static string RequireOnnxRuntime()
    {
        string node = ExternalTool.Require("/usr/bin/node", "apt-get install nodejs npm (.ci/run installs it)");
        ExternalTool.Require(Path.Combine(OnnxDirectory, "node_modules", "onnxruntime-node", "package.json"),
            "cd tests/onnx && ONNXRUNTIME_NODE_INSTALL=skip npm ci (.ci/run does this)");
        return node;
    }
}
