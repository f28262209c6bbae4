using System.Runtime.InteropServices;
using SoftmaxSharp.Data;
using SoftmaxSharp.Kernels;

namespace SoftmaxSharp.Training;

/// <summary>
/// The rows of a dataset as the kernels read them: gathered into a contiguous tile and scaled on the way,
/// x' = (x − shift) / divisor, from float or byte storage. The dataset itself is never copied, so
/// training needs no second, scaled copy of the data, and byte images stay a quarter of the size.
/// </summary>
internal sealed class RowSource
{
    readonly Dataset _data;
    readonly FeatureScaler _scaler;

    public RowSource(Dataset data, FeatureScaler scaler)
    {
        if (scaler.Shift.Length != data.Columns) throw new ArgumentException("the scaler does not match the data's features");
        _data = data;
        _scaler = scaler;
        AllRows = new int[data.Rows];
        for (int i = 0; i < AllRows.Length; i++) AllRows[i] = i;
    }

    public int Rows => _data.Rows;
    public int Columns => _data.Columns;
    public int[] Labels => _data.Labels;
    /// <summary>t [n], the regression targets; null for classification data.</summary>
    public float[]? Targets => _data.Targets;
    /// <summary>s [n], the sample weights; null when every row weighs 1.</summary>
    public float[]? SampleWeights => _data.SampleWeights;
    /// <summary>0, 1, …, n − 1: every row in order.</summary>
    public int[] AllRows { get; }

    /// <summary>tile [rows.Length, d] ← the scaled rows at <paramref name="rows"/>.</summary>
    public void Gather(ReadOnlySpan<int> rows, Span<float> tile)
    {
        int d = Columns;
        byte[]? pixels = _data.Pixels;
        float[]? features = pixels is null ? _data.Features : null;
        bool unitPixels = pixels is not null && _scaler.Kind == Scaling.Pixels;
        for (int r = 0; r < rows.Length; r++)
        {
            Span<float> row = tile.Slice(r * d, d);
            if (unitPixels) Conversions.PixelsToUnit(pixels.AsSpan(rows[r] * d, d), row);   // x / 255 in the same pass
            else
            {
                if (pixels is not null) Conversions.BytesToFloats(pixels.AsSpan(rows[r] * d, d), row);
                else features.AsSpan(rows[r] * d, d).CopyTo(row);
                _scaler.TransformInPlace(row);
            }
        }
    }

    /// <summary>
    /// Asks the CPU to bring the rows at <paramref name="rows"/> into cache (L2) ahead of their <see cref="Gather"/>:
    /// rows visited in shuffled order defeat the hardware prefetcher, and each would otherwise arrive one miss at a time.
    /// </summary>
    public void Prefetch(ReadOnlySpan<int> rows)
    {
        int d = Columns;
        foreach (int row in rows)
        {
            if (_data.Pixels is byte[] pixels) LinearKernels.Prefetch(pixels.AsSpan(row * d, d));
            else LinearKernels.Prefetch(MemoryMarshal.AsBytes(_data.Features.AsSpan(row * d, d)));
        }
    }
}
