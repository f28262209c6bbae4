using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Reports;

public class ModelReportTests
{
    /// <summary>A small "image" dataset: 8×8 pixels, class c lights up column block c.</summary>
    internal static Dataset TinyImages(int rows = 60)
    {
        var random = new Random(1);
        var pixels = new byte[rows * 64];
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 3;
            for (int p = 0; p < 64; p++) pixels[i * 64 + p] = (byte)(p % 8 / 3 == labels[i] ? 200 + random.Next(55) : random.Next(60));
        }
        return new Dataset(pixels, labels, Enumerable.Range(0, 64).Select(p => $"pixel{p}").ToArray(), ["left", "middle", "right/edge"], "tiny images");
    }

    [Fact]
    public void ImageData_GetsWeightImages_NoDecisionRegions_AndEverythingInlined()
    {
        using var temp = new TempDirectory();
        var data = TinyImages();
        var model = new SoftmaxRegression();
        var history = model.Fit(data, new TrainingOptions { Epochs = 5, Scaling = Scaling.Pixels }, data);

        var files = ModelReport.Write(temp.Path, model, data, history.Epochs);

        string[] names = files.Select(Path.GetFileName).ToArray()!;
        Assert.Equal(["learning-loss.svg", "learning-accuracy.svg", "history.csv", "weights-0-left.png", "weights-1-middle.png",
            "weights-2-right-edge.png", "weights.png", "confusion.svg", "index.html"], names);
        Assert.Equal(names.Order(), Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());   // nothing else, no temporary file
        var (w, h, _) = PngTests.Decode(File.ReadAllBytes(temp.File("weights-2-right-edge.png")));
        Assert.Equal((8, 8), (w, h));
        string html = File.ReadAllText(temp.File("index.html"));
        Assert.Equal(3, CountOf(html, "<svg "));                 // two learning curves and the heat map; no decision regions
        Assert.Equal(3, CountOf(html, "<img src=\"data:image/png;base64,"));
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.Contains("right/edge", html);
        Assert.Equal(5, HistoryCsv.Load(temp.File("history.csv")).Length);
    }

    [Fact]
    public void TwoFeatures_GetDecisionRegions_WithoutHistory_TheReportSaysSo()
    {
        using var temp = new TempDirectory();
        var data = EmbeddedDatasets.Load("iris-2d-3c");
        var model = new SoftmaxRegression();
        model.Fit(data, new TrainingOptions { Epochs = 50, Scaling = Scaling.Standardize });

        var files = ModelReport.Write(temp.Path, model, data, history: null);

        Assert.Equal(["decision-regions.svg", "confusion.svg", "index.html"], files.Select(Path.GetFileName));
        string html = File.ReadAllText(temp.File("index.html"));
        Assert.Contains("No training history was available", html);
        Assert.Contains("Decision regions", html);
    }

    [Fact]
    public void ANetwork_GetsTheSameReport_ButNoWeightImages()
    {
        using var temp = new TempDirectory();
        var data = EmbeddedDatasets.Load("iris-2d-3c");
        var network = new NeuralNetwork([8]);
        var history = network.Fit(data, new TrainingOptions { Epochs = 30, Scaling = Scaling.Standardize }, data);

        var files = ModelReport.Write(temp.Path, network, data, history.Epochs);

        Assert.Equal(["learning-loss.svg", "learning-accuracy.svg", "history.csv", "decision-regions.svg", "confusion.svg", "index.html"], files.Select(Path.GetFileName));
        Assert.Contains("<h1>A network on iris-2d-3c</h1>", File.ReadAllText(temp.File("index.html")));
    }

    [Fact]
    public void HistoryCsv_RoundTripsExactly_NaNAsEmpty()
    {
        using var temp = new TempDirectory();
        EpochResult[] epochs = [new(1, 0.1234567890123, 0.5, double.NaN, double.NaN, TimeSpan.FromSeconds(0.25)), new(2, 1e-7, 1, 0.3, 2.0 / 3, TimeSpan.FromSeconds(0.5))];
        HistoryCsv.Save(temp.File("h.csv"), epochs);
        Assert.Equal(epochs, HistoryCsv.Load(temp.File("h.csv")));
        Assert.Contains("1,0.1234567890123,0.5,,,0.25", File.ReadAllText(temp.File("h.csv")));
    }

    static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
