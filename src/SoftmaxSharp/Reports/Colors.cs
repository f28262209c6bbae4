using System.Globalization;

namespace SoftmaxSharp.Reports;

/// <summary>An sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>"#rrggbb", for SVG and CSS.</summary>
    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>(1 − t)·a + t·b per channel, t in [0, 1].</summary>
    public static Rgb Mix(Rgb a, Rgb b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new Rgb(Lerp(a.R, b.R, t), Lerp(a.G, b.G, t), Lerp(a.B, b.B, t));
    }

    static byte Lerp(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
}

/// <summary>The colour scales the charts share.</summary>
public static class Colors
{
    public static readonly Rgb White = new(255, 255, 255);

    /// <summary>Matplotlib's "tab10": one distinct colour per class or series (repeats after ten).</summary>
    static readonly Rgb[] Categorical =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    public static Rgb Category(int index) => Categorical[index % Categorical.Length];

    // ColorBrewer RdBu ends and centre: blue for negative, near-white for 0, red for positive.
    static readonly Rgb Negative = new(0x21, 0x66, 0xac), Middle = new(0xf7, 0xf7, 0xf7), Positive = new(0xb2, 0x18, 0x2b);

    /// <summary>A diverging scale for signed values: t in [−1, 1] → blue … white … red.</summary>
    public static Rgb Diverging(double t) =>
        double.IsNaN(t) ? Middle : t < 0 ? Rgb.Mix(Middle, Negative, -t) : Rgb.Mix(Middle, Positive, t);

    /// <summary>A sequential scale for fractions: t in [0, 1] → white … dark blue (ColorBrewer Blues).</summary>
    public static Rgb Sequential(double t) => Rgb.Mix(new Rgb(0xf7, 0xfb, 0xff), new Rgb(0x08, 0x30, 0x6b), t);
}
