using System.Globalization;
using Spectre.Console;
using SoftmaxSharp.Metrics;

namespace SoftmaxSharp.Cli;

/// <summary>
/// Where output goes and how it looks: a live display and colours on a terminal; plain, deterministic text
/// (no escape codes, a fixed width) when the output is a pipe, a file or a test's writer.
/// </summary>
static class Terminal
{
    /// <summary>True when <paramref name="output"/> is the process's standard output and that is a terminal.</summary>
    public static bool IsInteractive(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>A Spectre console writing to <paramref name="output"/>; not a terminal: no ANSI codes, 200 columns.</summary>
    public static IAnsiConsole For(TextWriter output, bool? interactive = null)
    {
        bool live = interactive ?? IsInteractive(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = live ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!live) console.Profile.Width = 200;
        return console;
    }

    /// <summary>The confusion matrix as a table: rows the true class, columns the predicted class, the diagonal highlighted.</summary>
    public static Table Confusion(ConfusionMatrix confusion)
    {
        var names = confusion.ClassNames;
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Confusion matrix") };
        table.AddColumn(new TableColumn(new Text("true \\ predicted")));
        foreach (string name in names) table.AddColumn(new TableColumn(new Text(name)).RightAligned());
        for (int r = 0; r < names.Count; r++)
        {
            var cells = new List<Spectre.Console.Rendering.IRenderable> { new Text(names[r]) };
            for (int c = 0; c < names.Count; c++)
            {
                string count = confusion.Counts[r, c].ToString(CultureInfo.InvariantCulture);
                cells.Add(r == c ? new Text(count, new Style(Color.Green, decoration: Decoration.Bold)) : new Text(count));
            }
            table.AddRow(cells);
        }
        return table;
    }

    /// <summary>Precision, recall, F1 and support per class, then the macro and weighted averages and the accuracy.</summary>
    public static Table Scores(ClassificationReport report)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Per-class scores") };
        table.AddColumn("class");
        foreach (string heading in new[] { "precision", "recall", "F1", "support" }) table.AddColumn(new TableColumn(heading).RightAligned());
        void Add(ClassScores s) => table.AddRow(new Text(s.Name), Number(s.Precision), Number(s.Recall), Number(s.F1), new Text(s.Support.ToString(CultureInfo.InvariantCulture)));
        foreach (var s in report.Classes) Add(s);
        table.AddEmptyRow();
        Add(report.MacroAverage);
        Add(report.WeightedAverage);
        table.AddRow(new Text("accuracy"), new Text(""), new Text(""), Number(report.Accuracy), new Text(report.Support.ToString(CultureInfo.InvariantCulture)));
        return table;
    }

    public static Text Number(double value, string format = "F4") => new(value.ToString(format, CultureInfo.InvariantCulture));
}
