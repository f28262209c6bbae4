namespace SoftmaxSharp.Core;

/// <summary>One-hot encoding of class labels: y = 2 with k = 3 → [0, 0, 1] (lecture 000).</summary>
public static class OneHot
{
    /// <summary>Y [n, k] with Y[i, yᵢ] = 1 and 0 elsewhere.</summary>
    public static float[] Encode(ReadOnlySpan<int> labels, int k)
    {
        var y = new float[labels.Length * k];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)k) throw new ArgumentOutOfRangeException(nameof(labels), $"label {labels[i]} at row {i} is not in 0..{k - 1}");
            y[i * k + labels[i]] = 1f;
        }
        return y;
    }
}
