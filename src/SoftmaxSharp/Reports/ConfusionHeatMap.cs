using System.Globalization;
using SoftmaxSharp.Metrics;

namespace SoftmaxSharp.Reports;

/// <summary>
/// The confusion matrix as an SVG heat map: rows the true class, columns the predicted class, each cell
/// shaded by its share of the row (the recall of the true class on the diagonal) and labelled with its count.
/// </summary>
public static class ConfusionHeatMap
{
    public static Svg Render(ConfusionMatrix confusion, string title = "Confusion matrix")
    {
        var names = confusion.ClassNames;
        int k = names.Count;
        int cell = k <= 4 ? 64 : k <= 10 ? 48 : 28;
        int nameSpace = Math.Min(160, 16 + 7 * names.Max(n => n.Length));
        int left = nameSpace + 28, top = 48, width = left + k * cell + 24, height = top + k * cell + nameSpace + 28;
        var svg = new Svg(width, height);
        svg.Text(left + k * cell / 2.0, 22, title, 15, "middle", weight: "bold");
        for (int r = 0; r < k; r++)
        {
            long rowTotal = 0;
            for (int c = 0; c < k; c++) rowTotal += confusion.Counts[r, c];
            for (int c = 0; c < k; c++)
            {
                long count = confusion.Counts[r, c];
                double share = rowTotal == 0 ? 0 : (double)count / rowTotal;
                var fill = Colors.Sequential(share);
                svg.Rect(left + c * cell, top + r * cell, cell, cell, fill.Hex, "#ffffff",
                    $"true {names[r]}, predicted {names[c]}: {count} ({(100 * share).ToString("F1", CultureInfo.InvariantCulture)}% of {names[r]})");
                if (cell >= 28)
                    svg.Text(left + c * cell + cell / 2.0, top + r * cell + cell / 2.0 + 4, count.ToString(CultureInfo.InvariantCulture),
                        cell >= 48 ? 12 : 9, "middle", share > 0.5 ? "#ffffff" : "#222222");
            }
            svg.Text(left - 6, top + r * cell + cell / 2.0 + 4, names[r], 12, "end");
        }
        for (int c = 0; c < k; c++)   // column names, rotated under the matrix
        {
            double x = left + c * cell + cell / 2.0 + 4, y = top + k * cell + 10;
            svg.Text(x, y, names[c], 12, "end", rotate: -45);
        }
        svg.Text(14, top + k * cell / 2.0, "true class", 12, "middle", rotate: -90);
        svg.Text(left + k * cell / 2.0, height - 8, "predicted class", 12, "middle");
        return svg;
    }
}
