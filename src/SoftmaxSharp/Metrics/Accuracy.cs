namespace SoftmaxSharp.Metrics;

/// <summary>Accuracy: the fraction of rows whose predicted class is the label (NaN for no rows).</summary>
public static class Accuracy
{
    public static double Of(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length) throw new ArgumentException($"{predicted.Length} predictions for {labels.Length} labels");
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++) if (predicted[i] == labels[i]) correct++;
        return predicted.Length == 0 ? double.NaN : (double)correct / predicted.Length;
    }
}
