using System.Xml.Linq;
using SoftmaxSharp.Data;
using SoftmaxSharp.Metrics;
using SoftmaxSharp.Models;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Reports;

public class SvgTests
{
    static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    static XElement Parse(Svg svg)
    {
        var root = XDocument.Parse(svg.ToString()).Root!;            // well-formed XML, or this throws
        Assert.Equal(Ns + "svg", root.Name);
        return root;
    }

    static IEnumerable<string> Texts(XElement root) => root.Descendants(Ns + "text").Select(t => t.Value);

    [Theory]
    [InlineData(0, 1, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(1, 30, new[] { 0.0, 10, 20, 30 })]
    [InlineData(0.37, 1.13, new[] { 0.2, 0.4, 0.6, 0.8, 1, 1.2 })]
    [InlineData(-3, 7, new[] { -4.0, -2, 0, 2, 4, 6, 8 })]
    public void NiceTicks_CoverTheRangeInStepsOf1_2Or5(double min, double max, double[] expected) =>
        Assert.Equal(expected, Ticks.Nice(min, max));

    [Fact]
    public void NiceTicks_OfAFlatSeries_StillSpanARange() => Assert.True(Ticks.Nice(2, 2).Length >= 2);

    [Fact]
    public void LineChart_HasAPolylinePerSeries_ALegend_AndLabelledAxes()
    {
        double[] x = [1, 2, 3, 4];
        var root = Parse(LineChart.Render("Loss", "epoch", "cross-entropy",
            [new Series("train", x, [1.0, 0.7, 0.5, 0.4]), new Series("validation <&>", x, [1.1, double.NaN, 0.6, 0.55], Dashed: true)]));

        var lines = root.Descendants(Ns + "polyline").ToArray();
        Assert.Equal(3, lines.Length);                            // train, and validation broken by its NaN into two runs
        Assert.Equal(4, lines[0].Attribute("points")!.Value.Split(' ').Length);
        Assert.NotNull(lines[1].Attribute("stroke-dasharray"));
        var texts = Texts(root).ToArray();
        Assert.Contains("Loss", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("cross-entropy", texts);
        Assert.Contains("train", texts);
        Assert.Contains("validation <&>", texts);                 // escaped in the file, the same text when read
        Assert.Contains("0.4", texts);                            // a y tick
    }

    [Fact]
    public void LineChart_PointsLieInsideThePlot()
    {
        var root = Parse(LineChart.Render("t", "x", "y", [new Series("s", [0.0, 10], [-5.0, 5])]));
        foreach (string point in root.Descendants(Ns + "polyline").Single().Attribute("points")!.Value.Split(' '))
        {
            double[] xy = point.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(xy[0], 0, 620);
            Assert.InRange(xy[1], 0, 380);
        }
    }

    [Fact]
    public void ConfusionHeatMap_HasACellPerPair_WithCountsAndClassNames()
    {
        var confusion = new ConfusionMatrix(["cat", "dog", "T-shirt/top"], [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0]);
        var root = Parse(ConfusionHeatMap.Render(confusion));

        var cells = root.Descendants(Ns + "rect").Where(r => r.Element(Ns + "title") is not null).ToArray();
        Assert.Equal(9, cells.Length);
        Assert.Contains(cells, c => c.Element(Ns + "title")!.Value == "true T-shirt/top, predicted T-shirt/top: 2 (66.7% of T-shirt/top)");
        var texts = Texts(root).ToArray();
        Assert.Equal(2, texts.Count(t => t == "T-shirt/top"));    // row and column
        Assert.Contains("predicted class", texts);
    }

    [Fact]
    public void DecisionRegions_DrawEveryPoint_OverTheRegionImage()
    {
        var data = EmbeddedDatasets.Load("iris-2d-3c");
        var model = new SoftmaxRegression();
        model.Fit(data, new TrainingOptions { Epochs = 200, Scaling = Scaling.Standardize });

        var root = Parse(DecisionRegions.Render(model, data));

        Assert.Equal(data.Rows + data.Classes, root.Descendants(Ns + "circle").Count());   // the points and the legend's markers
        string href = root.Descendants(Ns + "image").Single().Attribute("href")!.Value;
        var (width, height, _) = PngTests.Decode(Convert.FromBase64String(href["data:image/png;base64,".Length..]));
        Assert.Equal((240, 240), (width, height));
        Assert.Contains("Petal_Length", Texts(root));
        Assert.Contains("Petal_Width", Texts(root));
    }

    [Fact]
    public void DecisionRegions_ColourEachPixelWithThePredictedClass()
    {
        // Two classes split at x₁ = 0 by hand: z₀ = −x₁, z₁ = x₁.
        var model = new SoftmaxRegression([-1f, 0f, 1f, 0f], [0f, 0f], ["x1", "x2"], ["left", "right"]);
        var points = new Dataset([-1f, -1f, 1f, 1f], [0, 1], ["x1", "x2"], ["left", "right"]);
        var (image, xTicks, _) = DecisionRegions.Regions(model, points);
        Assert.Equal(-1.5, xTicks[0], 1e-12);                    // [−1, 1] widened by 5%, then to nice ticks
        Assert.Equal(1.5, xTicks[^1], 1e-12);
        Rgb left = Rgb.Mix(Colors.Category(0), Colors.White, 0.65), right = Rgb.Mix(Colors.Category(1), Colors.White, 0.65);
        Assert.Equal(left, image.Get(0, 0));
        Assert.Equal(left, image.Get(119, 239));
        Assert.Equal(right, image.Get(120, 0));
        Assert.Equal(right, image.Get(239, 239));
    }

    [Fact]
    public void WeightImages_AreRedForPositive_BlueForNegative_WhiteForZero_OnOneScale()
    {
        var weights = new float[2 * 64];
        weights[0] = 2f;                                          // class 0, pixel (0, 0): the largest |w|
        weights[1] = -1f;                                         // class 0, pixel (1, 0)
        weights[64 + 63] = -2f;                                   // class 1, pixel (7, 7)
        var model = new SoftmaxRegression(weights, [0f, 0f], Enumerable.Range(0, 64).Select(i => $"p{i}").ToArray(), ["a", "b"]);

        Assert.Equal(8, WeightImages.Side(model));
        var images = WeightImages.PerClass(model);
        Assert.Equal(Colors.Diverging(1), images[0].Get(0, 0));
        Assert.Equal(Colors.Diverging(-0.5), images[0].Get(1, 0));
        Assert.Equal(Colors.Diverging(0), images[0].Get(5, 5));
        Assert.Equal(Colors.Diverging(-1), images[1].Get(7, 7));
        Assert.True(Colors.Diverging(1).R > Colors.Diverging(1).B && Colors.Diverging(-1).B > Colors.Diverging(-1).R);

        var grid = WeightImages.Grid(images, columns: 5, zoom: 4);
        Assert.Equal((2 * (32 + 4) + 4, 32 + 8), (grid.Width, grid.Height));
        Assert.Equal(images[1].Get(7, 7), grid.Get(4 + 36 + 31, 4 + 31));
    }

    [Fact]
    public void WeightImages_OnlyForSquareImages() =>
        Assert.Null(WeightImages.Side(new SoftmaxRegression(new float[8], [0f, 0f], ["a", "b", "c", "d"], ["x", "y"])));
}
