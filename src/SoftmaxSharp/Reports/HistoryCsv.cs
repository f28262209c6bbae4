using System.Globalization;
using System.Text;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Reports;

/// <summary>
/// A training history as CSV — epoch, train_loss, train_accuracy, validation_loss, validation_accuracy, seconds —
/// numbers in round-trip form (empty for no validation), so a report can be drawn again later.
/// </summary>
public static class HistoryCsv
{
    const string Header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds";

    public static string Format(IReadOnlyList<EpochResult> epochs)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in epochs)
            text.Append(CultureInfo.InvariantCulture, $"{e.Epoch},{e.TrainLoss:R},{e.TrainAccuracy:R},{Optional(e.ValidationLoss)},{Optional(e.ValidationAccuracy)},{e.Elapsed.TotalSeconds:R}\n");
        return text.ToString();
    }

    public static void Save(string path, IReadOnlyList<EpochResult> epochs) =>
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(Format(epochs))));

    public static EpochResult[] Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException("no such file", "Give the history.csv that 'softmax train --report' wrote, or a checkpoint file", path);
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
            throw new UserInputException($"is not a training history (its first line should be '{Header}')", "Give the history.csv that 'softmax train --report' wrote", path, 1);
        var epochs = new List<EpochResult>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] f = lines[i].Split(',');
            if (f.Length != 6 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out int epoch))
                throw new UserInputException("is not a row of 6 numbers", "Give the unedited history.csv", path, i + 1);
            double Number(int column) => f[column].Length == 0 ? double.NaN
                : double.TryParse(f[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new UserInputException($"'{f[column]}' is not a number", "Give the unedited history.csv", path, i + 1, column + 1);
            epochs.Add(new EpochResult(epoch, Number(1), Number(2), Number(3), Number(4), TimeSpan.FromSeconds(Number(5))));
        }
        return epochs.ToArray();
    }

    static string Optional(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
