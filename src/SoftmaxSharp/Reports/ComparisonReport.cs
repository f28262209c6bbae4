using System.Globalization;
using System.Text;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Reports;

/// <summary>
/// Several training runs on the same data drawn on the same charts — loss and accuracy per epoch, one colour
/// per run, train solid and validation dashed — as SVG files and a self-contained index.html with a table of
/// the final numbers. A run is its name and its history, so any set of options can be compared.
/// </summary>
public static class ComparisonReport
{
    /// <summary>Writes compare-loss.svg, compare-accuracy.svg, one history CSV per run and index.html into <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(string directory, string title, IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs, string? description = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Save(string name, string content)
        {
            string path = Path.Combine(directory, name);
            AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(content)));
            written.Add(path);
        }
        var (loss, accuracy) = Charts(runs);
        Save("compare-loss.svg", loss.ToString());
        Save("compare-accuracy.svg", accuracy.ToString());
        for (int r = 0; r < runs.Count; r++) Save($"history-{r + 1}-{ModelReport.FileSafe(runs[r].Name)}.csv", HistoryCsv.Format(runs[r].History));

        var page = new HtmlPage(title);
        if (description is not null) page.Paragraph(description, "meta");
        page.Figure(loss, "Mean cross-entropy per epoch: train (solid, averaged over the epoch's batches) and validation (dashed)")
            .Figure(accuracy, "Accuracy per epoch: train (solid) and validation (dashed)");
        page.Heading("After the last epoch");
        page.Table(["configuration", "epochs", "train loss", "train accuracy", "validation loss", "validation accuracy", "seconds"],
            runs.Select(run =>
            {
                var last = run.History[^1];
                return (IReadOnlyList<string>)[run.Name, Invariant($"{last.Epoch}"), Invariant($"{last.TrainLoss:F5}"), Invariant($"{last.TrainAccuracy:F4}"),
                    Invariant($"{last.ValidationLoss:F5}"), Invariant($"{last.ValidationAccuracy:F4}"), Invariant($"{last.Elapsed.TotalSeconds:F2}")];
            }));
        Save("index.html", page.ToString());
        return written;
    }

    /// <summary>The two charts: every run's train (solid) and validation (dashed) curves in the run's colour.</summary>
    public static (Svg Loss, Svg Accuracy) Charts(IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs)
    {
        List<Series> Curves(Func<EpochResult, double> train, Func<EpochResult, double> validation)
        {
            var series = new List<Series>();
            for (int r = 0; r < runs.Count; r++)
            {
                var history = runs[r].History;
                var epochs = history.Select(e => (double)e.Epoch).ToArray();
                series.Add(new Series(runs[r].Name + " train", epochs, history.Select(train).ToArray(), ColorIndex: r));
                if (history.Any(e => e.HasValidation))
                    series.Add(new Series(runs[r].Name + " validation", epochs, history.Select(validation).ToArray(), Dashed: true, ColorIndex: r));
            }
            return series;
        }
        return (LineChart.Render("Loss", "epoch", "cross-entropy", Curves(e => e.TrainLoss, e => e.ValidationLoss)),
                LineChart.Render("Accuracy", "epoch", "accuracy", Curves(e => e.TrainAccuracy, e => e.ValidationAccuracy)));
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
