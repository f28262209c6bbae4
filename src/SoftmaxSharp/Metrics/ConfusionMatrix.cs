namespace SoftmaxSharp.Metrics;

/// <summary>Counts [k, k]: row = true class, column = predicted class.</summary>
public sealed class ConfusionMatrix
{
    public ConfusionMatrix(IReadOnlyList<string> classNames, ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length) throw new ArgumentException("actual and predicted differ in length");
        ClassNames = classNames;
        int k = classNames.Count;
        Counts = new long[k, k];
        for (int i = 0; i < actual.Length; i++) Counts[actual[i], predicted[i]]++;
        Total = actual.Length;
    }

    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>[k, k]: Counts[true, predicted].</summary>
    public long[,] Counts { get; }
    public long Total { get; }

    /// <summary>The diagonal's share of all rows.</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassNames.Count; c++) correct += Counts[c, c];
            return Total == 0 ? double.NaN : (double)correct / Total;
        }
    }
}
