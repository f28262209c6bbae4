namespace SoftmaxSharp.Metrics;

/// <summary>One class's row: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R), support = TP + FN.</summary>
public readonly record struct ClassScores(string Name, double Precision, double Recall, double F1, long Support);

/// <summary>
/// Per-class precision, recall and F1 from a confusion matrix, with their macro average (the plain mean
/// over classes) and weighted average (weighted by support), as scikit-learn's <c>classification_report</c>
/// computes them — a ratio with a zero denominator is 0 (its <c>zero_division</c> default).
/// </summary>
public sealed class ClassificationReport
{
    public ClassificationReport(ConfusionMatrix confusion)
    {
        int k = confusion.ClassNames.Count;
        var counts = confusion.Counts;                           // [true, predicted]
        var rows = new ClassScores[k];
        for (int c = 0; c < k; c++)
        {
            long truePositive = counts[c, c], predicted = 0, actual = 0;
            for (int o = 0; o < k; o++) { predicted += counts[o, c]; actual += counts[c, o]; }
            double precision = Ratio(truePositive, predicted), recall = Ratio(truePositive, actual);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows[c] = new ClassScores(confusion.ClassNames[c], precision, recall, f1, actual);
        }
        Classes = rows;
        Accuracy = confusion.Accuracy;
        Support = confusion.Total;
        MacroAverage = new ClassScores("macro avg", rows.Average(r => r.Precision), rows.Average(r => r.Recall), rows.Average(r => r.F1), Support);
        double Weighted(Func<ClassScores, double> score) => Support == 0 ? 0 : rows.Sum(r => score(r) * r.Support) / Support;
        WeightedAverage = new ClassScores("weighted avg", Weighted(r => r.Precision), Weighted(r => r.Recall), Weighted(r => r.F1), Support);
    }

    /// <summary>[k], in class order.</summary>
    public IReadOnlyList<ClassScores> Classes { get; }
    public ClassScores MacroAverage { get; }
    public ClassScores WeightedAverage { get; }
    public double Accuracy { get; }
    /// <summary>n, all rows.</summary>
    public long Support { get; }

    static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
