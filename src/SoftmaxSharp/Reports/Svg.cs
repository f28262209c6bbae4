using System.Globalization;
using System.Security;
using System.Text;

namespace SoftmaxSharp.Reports;

/// <summary>Builds one SVG document: a few primitives, coordinates in pixels, text escaped, numbers invariant.</summary>
public sealed class Svg
{
    readonly StringBuilder _body = new();

    public Svg(int width, int height)
    {
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }

    public Svg Rect(double x, double y, double width, double height, string fill, string? stroke = null, string? title = null)
    {
        _body.Append(Invariant($"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"{fill}\""));
        if (stroke is not null) _body.Append($" stroke=\"{stroke}\"");
        return CloseWithTitle("rect", title);
    }

    public Svg Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _body.Append(Invariant($"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{stroke}\" stroke-width=\"{width:0.##}\""));
        if (dash is not null) _body.Append($" stroke-dasharray=\"{dash}\"");
        _body.Append("/>\n");
        return this;
    }

    public Svg Circle(double x, double y, double radius, string fill, string stroke, string? title = null)
    {
        _body.Append(Invariant($"<circle cx=\"{x:0.##}\" cy=\"{y:0.##}\" r=\"{radius:0.##}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"0.8\""));
        return CloseWithTitle("circle", title);
    }

    /// <summary>A polyline through the points; a NaN point breaks the line (e.g. an epoch without validation).</summary>
    public Svg Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 2, string? dash = null, string? title = null)
    {
        var runs = new List<List<(double, double)>> { new() };
        foreach (var p in points)
        {
            if (double.IsFinite(p.X) && double.IsFinite(p.Y)) runs[^1].Add(p);
            else if (runs[^1].Count > 0) runs.Add([]);
        }
        foreach (var run in runs.Where(r => r.Count > 0))
        {
            _body.Append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke=\"").Append(stroke).Append(Invariant($"\" stroke-width=\"{width:0.##}\""));
            if (dash is not null) _body.Append($" stroke-dasharray=\"{dash}\"");
            _body.Append(" points=\"").AppendJoin(' ', run.Select(p => Invariant($"{p.Item1:0.##},{p.Item2:0.##}"))).Append('"');
            CloseWithTitle("polyline", title);
            if (run.Count == 1) Circle(run[0].Item1, run[0].Item2, width * 1.2, stroke, stroke);   // a single point would draw nothing
        }
        return this;
    }

    public Svg Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222", double rotate = 0, string weight = "normal")
    {
        _body.Append(Invariant($"<text x=\"{x:0.##}\" y=\"{y:0.##}\" font-size=\"{size:0.##}\" text-anchor=\"{anchor}\" fill=\"{fill}\""));
        if (weight != "normal") _body.Append($" font-weight=\"{weight}\"");
        if (rotate != 0) _body.Append(Invariant($" transform=\"rotate({rotate:0.##} {x:0.##} {y:0.##})\""));
        _body.Append('>').Append(SecurityElement.Escape(text)).Append("</text>\n");
        return this;
    }

    /// <summary>An embedded raster image (a PNG data URI), drawn pixel-sharp.</summary>
    public Svg Image(double x, double y, double width, double height, byte[] png)
    {
        _body.Append(Invariant($"<image x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\""))
            .Append(Png.DataUri(png)).Append("\"/>\n");
        return this;
    }

    Svg CloseWithTitle(string element, string? title)
    {
        if (title is null) _body.Append("/>\n");
        else _body.Append("><title>").Append(SecurityElement.Escape(title)).Append("</title></").Append(element).Append(">\n");
        return this;
    }

    /// <summary>The standalone document (a file of its own); <see cref="ToInlineString"/> is the same without the XML declaration, for HTML.</summary>
    public override string ToString() => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + ToInlineString();

    public string ToInlineString() =>
        Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n")
        + Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n") + _body + "</svg>\n";

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 × 10ⁿ covering a range with about the wanted number of ticks.</summary>
public static class Ticks
{
    /// <summary>The tick values from a multiple of the step at or below <paramref name="min"/> to one at or above <paramref name="max"/>.</summary>
    public static double[] Nice(double min, double max, int wanted = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return [0, 1];
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max))) { min -= 0.5; max += 0.5; }   // a flat series still gets an axis
        double raw = (max - min) / Math.Max(1, wanted);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = magnitude * (raw / magnitude) switch { <= 1 => 1, <= 2 => 2, <= 5 => 5, _ => 10 };
        double first = Math.Floor(min / step + 1e-9) * step, last = Math.Ceiling(max / step - 1e-9) * step;
        int count = (int)Math.Round((last - first) / step) + 1;
        return Enumerable.Range(0, count).Select(i => Math.Round(first + i * step, 12)).ToArray();
    }

    /// <summary>A tick's label: as few decimals as the step needs.</summary>
    public static string Label(double value, double step)
    {
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }
}
