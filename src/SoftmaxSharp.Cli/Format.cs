using System.Globalization;

namespace SoftmaxSharp.Cli;

/// <summary>Number and list formatting shared by the verbs (invariant culture: '.' decimals everywhere).</summary>
static class Format
{
    public static string Number(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);

    /// <summary>value to 5 decimals, e.g. −0.38462.</summary>
    public static string Five(double value) => value.ToString("0.00000", CultureInfo.InvariantCulture);

    public static string Vector(IEnumerable<float> values, Func<double, string> format) => "[" + string.Join(", ", values.Select(v => format(v))) + "]";

    /// <summary>"1 epoch", "10 epochs": the count and the noun, plural unless the count is one.</summary>
    public static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public static string List(IReadOnlyList<string> names) => names.Count <= 10 ? string.Join(", ", names) : string.Join(", ", names.Take(9)) + $", … ({names.Count})";

    /// <summary>A CSV field, quoted when it holds a delimiter, a quote or a line break.</summary>
    public static string CsvField(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r', ';', '\t']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
