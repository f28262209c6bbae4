namespace SoftmaxSharp.Reports;

/// <summary>One line of a chart: y [n] over x [n]; NaN values leave a gap.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false, int ColorIndex = -1);

/// <summary>
/// An SVG line chart: several series, x and y axes with nice ticks and grid lines, axis titles and a
/// legend beside the plot. The y range covers the finite values of all series.
/// </summary>
public static class LineChart
{
    const int Width = 620, Height = 380, Left = 64, Top = 40, Bottom = 52, LegendWidth = 170;

    public static Svg Render(string title, string xTitle, string yTitle, IReadOnlyList<Series> series, double? yMin = null, double? yMax = null)
    {
        var svg = new Svg(Width, Height);
        double plotWidth = Width - Left - LegendWidth - 16, plotHeight = Height - Top - Bottom;
        var xs = series.SelectMany(s => s.X).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var ys = series.SelectMany(s => s.Y).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double[] xTicks = Ticks.Nice(xs.Min(), xs.Max(), 6), yTicks = Ticks.Nice(yMin ?? ys.Min(), yMax ?? ys.Max(), 5);
        double x0 = xTicks[0], x1 = xTicks[^1], y0 = yTicks[0], y1 = yTicks[^1];
        double X(double x) => Left + (x - x0) / (x1 - x0) * plotWidth;
        double Y(double y) => Top + plotHeight - (y - y0) / (y1 - y0) * plotHeight;

        svg.Text(Left + plotWidth / 2, 24, title, 15, "middle", weight: "bold");
        double xStep = xTicks.Length > 1 ? xTicks[1] - xTicks[0] : 1, yStep = yTicks.Length > 1 ? yTicks[1] - yTicks[0] : 1;
        foreach (double t in yTicks)
        {
            svg.Line(Left, Y(t), Left + plotWidth, Y(t), "#e4e4e4");
            svg.Text(Left - 6, Y(t) + 4, Ticks.Label(t, yStep), 11, "end", "#444");
        }
        foreach (double t in xTicks)
        {
            svg.Line(X(t), Top + plotHeight, X(t), Top + plotHeight + 5, "#444");
            svg.Text(X(t), Top + plotHeight + 18, Ticks.Label(t, xStep), 11, "middle", "#444");
        }
        svg.Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "#444");   // x axis
        svg.Line(Left, Top, Left, Top + plotHeight, "#444");                            // y axis
        svg.Text(Left + plotWidth / 2, Height - 12, xTitle, 12, "middle");
        svg.Text(16, Top + plotHeight / 2, yTitle, 12, "middle", rotate: -90);

        for (int s = 0; s < series.Count; s++)
        {
            var line = series[s];
            string color = Colors.Category(line.ColorIndex >= 0 ? line.ColorIndex : s).Hex;
            string? dash = line.Dashed ? "6 4" : null;
            svg.Polyline(Enumerable.Range(0, Math.Min(line.X.Count, line.Y.Count)).Select(i => (X(line.X[i]), Y(line.Y[i]))), color, 2, dash, line.Name);
            double ly = Top + 8 + s * 20, lx = Left + plotWidth + 20;   // legend: a short line and the name
            svg.Line(lx, ly, lx + 26, ly, color, 2.5, dash);
            svg.Text(lx + 32, ly + 4, line.Name, 12);
        }
        return svg;
    }
}
