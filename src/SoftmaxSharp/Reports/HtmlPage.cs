using System.Net;
using System.Text;

namespace SoftmaxSharp.Reports;

/// <summary>A self-contained HTML page: styles inline, SVG inline, images as data: URIs — it loads nothing from anywhere.</summary>
internal sealed class HtmlPage
{
    readonly StringBuilder _body = new();
    readonly string _title;

    public HtmlPage(string title)
    {
        _title = title;
        _body.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public HtmlPage Heading(string text) => Raw("<h2>" + Encode(text) + "</h2>\n");

    public HtmlPage Paragraph(string text, string? cssClass = null) =>
        Raw((cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">") + Encode(text) + "</p>\n");

    public HtmlPage Figure(Svg svg, string caption) =>
        Raw("<figure>" + svg.ToInlineString() + "<figcaption>" + Encode(caption) + "</figcaption></figure>\n");

    public HtmlPage Image(byte[] png, string caption, string alt, int displayWidth) =>
        Raw($"<figure class=\"image\"><img src=\"{Png.DataUri(png)}\" alt=\"{Encode(alt)}\" width=\"{displayWidth}\"><figcaption>{Encode(caption)}</figcaption></figure>\n");

    /// <summary>A table: a header row, then rows of cells (text, encoded here); numeric-looking cells align right.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table>\n<thead><tr>").AppendJoin("", header.Select(h => "<th>" + Encode(h) + "</th>")).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
            _body.Append("<tr>").AppendJoin("", row.Select((cell, i) => (i > 0 && IsNumber(cell) ? "<td class=\"n\">" : "<td>") + Encode(cell) + "</td>")).Append("</tr>\n");
        _body.Append("</tbody></table>\n");
        return this;
    }

    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    static bool IsNumber(string cell) => double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    public override string ToString() => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(_title)}}</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px auto; max-width: 1320px; color: #222; padding: 0 16px; }
        h1 { font-size: 24px; margin-bottom: 4px; }
        h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        p.note { color: #8a5300; background: #fff6e5; padding: 8px 12px; border-radius: 4px; }
        p.meta { color: #555; }
        figure { display: inline-table; margin: 8px 16px 8px 0; vertical-align: top; }
        figure.image img { image-rendering: pixelated; border: 1px solid #ccc; }
        figcaption { display: table-caption; caption-side: bottom; font-size: 13px; color: #555; text-align: center; margin-top: 4px; }
        div.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
        th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 12px; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f4f6f8; }
        </style>
        </head>
        <body>
        {{_body}}</body>
        </html>

        """;
}
