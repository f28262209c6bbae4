using System.Globalization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Reports;

/// <summary>
/// For two-feature data: the class the model predicts at every point of a grid over the feature plane
/// (a pale colour per class, a PNG), with the data's points on top (the class's full colour), axes in
/// the raw feature units and a legend. For softmax regression the boundaries are where two classes' scores z_c = w_c·x + b_c tie: straight lines.
/// </summary>
public static class DecisionRegions
{
    const int Width = 640, Height = 520, Left = 64, Top = 40, Bottom = 52, LegendWidth = 140, Resolution = 240;

    public static bool Applies(IClassifier model) => model.Features == 2;

    /// <summary>The predicted class over a <see cref="Resolution"/>² grid covering the points' range plus a margin; row 0 is the top (largest x₂).</summary>
    public static (RgbImage Image, double[] XRange, double[] YRange) Regions(IClassifier model, Dataset points)
    {
        if (!Applies(model)) throw new ArgumentException($"decision regions need a model with 2 features (this one has {model.Features})");
        var (xTicks, yTicks) = Axes(points);
        double x0 = xTicks[0], x1 = xTicks[^1], y0 = yTicks[0], y1 = yTicks[^1];
        var grid = new float[Resolution * Resolution * 2];       // X [Resolution², 2] at the pixel centres
        for (int row = 0; row < Resolution; row++)
            for (int col = 0; col < Resolution; col++)
            {
                int i = row * Resolution + col;
                grid[2 * i] = (float)(x0 + (col + 0.5) / Resolution * (x1 - x0));
                grid[2 * i + 1] = (float)(y1 - (row + 0.5) / Resolution * (y1 - y0));
            }
        int[] predicted = model.Predict(grid);
        var image = new RgbImage(Resolution, Resolution);
        for (int i = 0; i < predicted.Length; i++)
            image.Set(i % Resolution, i / Resolution, Rgb.Mix(Colors.Category(predicted[i]), Colors.White, 0.65));
        return (image, xTicks, yTicks);
    }

    public static Svg Render(IClassifier model, Dataset points, string title = "Decision regions")
    {
        var (regions, xTicks, yTicks) = Regions(model, points);
        double x0 = xTicks[0], x1 = xTicks[^1], y0 = yTicks[0], y1 = yTicks[^1];
        double plotWidth = Width - Left - LegendWidth - 16, plotHeight = Height - Top - Bottom;
        double X(double x) => Left + (x - x0) / (x1 - x0) * plotWidth;
        double Y(double y) => Top + plotHeight - (y - y0) / (y1 - y0) * plotHeight;
        var svg = new Svg(Width, Height);
        svg.Text(Left + plotWidth / 2, 24, title, 15, "middle", weight: "bold");
        svg.Image(Left, Top, plotWidth, plotHeight, Png.Encode(regions));
        double xStep = xTicks[1] - xTicks[0], yStep = yTicks[1] - yTicks[0];
        foreach (double t in xTicks)
        {
            svg.Line(X(t), Top + plotHeight, X(t), Top + plotHeight + 5, "#444");
            svg.Text(X(t), Top + plotHeight + 18, Ticks.Label(t, xStep), 11, "middle", "#444");
        }
        foreach (double t in yTicks)
        {
            svg.Line(Left - 5, Y(t), Left, Y(t), "#444");
            svg.Text(Left - 8, Y(t) + 4, Ticks.Label(t, yStep), 11, "end", "#444");
        }
        svg.Rect(Left, Top, plotWidth, plotHeight, "none", "#444");
        svg.Text(Left + plotWidth / 2, Height - 12, points.FeatureNames[0], 12, "middle");
        svg.Text(16, Top + plotHeight / 2, points.FeatureNames[1], 12, "middle", rotate: -90);

        float[] x = points.Features;
        for (int i = 0; i < points.Rows; i++)
        {
            int label = points.Labels[i];
            svg.Circle(X(x[2 * i]), Y(x[2 * i + 1]), 4, Colors.Category(label).Hex, "#222222",
                string.Create(CultureInfo.InvariantCulture, $"{points.ClassNames[label]} ({x[2 * i]}, {x[2 * i + 1]})"));
        }
        for (int c = 0; c < points.Classes; c++)
        {
            double ly = Top + 10 + c * 22, lx = Left + plotWidth + 20;
            svg.Rect(lx, ly - 8, 16, 16, Rgb.Mix(Colors.Category(c), Colors.White, 0.65).Hex, "#999999");
            svg.Circle(lx + 8, ly, 4, Colors.Category(c).Hex, "#222222");
            svg.Text(lx + 24, ly + 4, points.ClassNames[c], 12);
        }
        return svg;
    }

    /// <summary>Nice ticks covering the points' range widened by 5% on each side.</summary>
    static (double[] X, double[] Y) Axes(Dataset points)
    {
        float[] x = points.Features;
        double[] Range(int feature)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < points.Rows; i++) { min = Math.Min(min, x[2 * i + feature]); max = Math.Max(max, x[2 * i + feature]); }
            double margin = 0.05 * Math.Max(max - min, 1e-6);
            return Ticks.Nice(min - margin, max + margin, 6);
        }
        return (Range(0), Range(1));
    }
}
