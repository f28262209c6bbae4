using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace SoftmaxSharp.Bench;

/// <summary>
/// What the bench measured: one JSON object (part → figures) and, for people, one table per part.
/// Numbers are stored raw (seconds, bytes) in the JSON and formatted only in the tables.
/// </summary>
public sealed class Report
{
    readonly List<Table> _tables = [];

    public JsonObject Json { get; } = [];

    // The typed figures, for the comparison with the peers (null: that part did not run).
    public MachineInfo? Machine { get; set; }
    public List<EpochFigures>? Epochs { get; set; }
    public MachineLimits? Limits { get; set; }
    public RunFigures? Lecture { get; set; }
    public RunFigures? FullBatch { get; set; }
    public double PeakWorkingSetAfterTraining { get; set; } = double.NaN;
    public List<LbfgsFigures>? Lbfgs { get; set; }

    /// <summary>Figures that may be NaN (the cores' round trip on a machine of one core) written as "NaN", not refused.</summary>
    public static readonly JsonSerializerOptions NaNAllowed = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    static readonly JsonSerializerOptions s_snakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A record as a JSON object with snake_case names, as every key of the bench's JSON.</summary>
    public static JsonObject ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, s_snakeCase)!.AsObject();

    public static JsonArray ToNodes<T>(IEnumerable<T> values) => new([.. values.Select(v => (JsonNode)ToNode(v))]);

    public IReadOnlyList<Table> Tables => _tables;

    public Table AddTable(string title, params string[] columns)
    {
        var table = new Table(title, columns);
        _tables.Add(table);
        return table;
    }

    public void WriteTables(TextWriter output)
    {
        foreach (var table in _tables)
        {
            output.WriteLine();
            table.Write(output);
        }
    }

    public string ToJson() => Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>A titled table of text cells; the first column is left-aligned, the others right-aligned.</summary>
    public sealed class Table(string title, string[] columns)
    {
        readonly List<string[]> _rows = [];

        public string Title { get; } = title;
        public string[] Columns { get; } = columns;
        public IReadOnlyList<string[]> Rows => _rows;
        /// <summary>Lines printed under the table (what a figure means, what is missing).</summary>
        public List<string> Notes { get; } = [];

        public void Add(params string[] cells) => _rows.Add(cells);

        public void Write(TextWriter output)
        {
            output.WriteLine($"## {Title}");
            var widths = Columns.Select((c, j) => Math.Max(c.Length, _rows.Select(r => j < r.Length ? r[j].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
            string Line(string[] cells) => string.Join("  ", cells.Select((cell, j) => j == 0 ? cell.PadRight(widths[j]) : cell.PadLeft(widths[j])));
            output.WriteLine(Line(Columns));
            output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            foreach (var row in _rows) output.WriteLine(Line(row));
            foreach (string note in Notes) output.WriteLine("  " + note);
        }

        /// <summary>The table as Markdown (for bench/results).</summary>
        public void WriteMarkdown(TextWriter output)
        {
            output.WriteLine($"### {Title}");
            output.WriteLine();
            output.WriteLine("| " + string.Join(" | ", Columns) + " |");
            output.WriteLine("|" + string.Join("|", Columns.Select((_, j) => j == 0 ? "---" : "---:")) + "|");
            foreach (var row in _rows) output.WriteLine("| " + string.Join(" | ", row) + " |");
            output.WriteLine();
            foreach (string note in Notes) output.WriteLine(note + "  ");
            if (Notes.Count > 0) output.WriteLine();
        }
    }

    public static string F(double value, int decimals) =>
        double.IsNaN(value) ? "–" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string N(double value) => double.IsNaN(value) ? "–" : value.ToString("N0", CultureInfo.InvariantCulture);

    public static string MB(double bytes) => F(bytes / 1e6, 1);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int h = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }
}
