using System.Numerics.Tensors;

namespace SoftmaxSharp.Data;

/// <summary>How features are rescaled before the model sees them.</summary>
public enum Scaling
{
    /// <summary>x' = x</summary>
    None,
    /// <summary>x' = (x − mean) / standard deviation, per feature (from the training data).</summary>
    Standardize,
    /// <summary>x' = (x − min) / (max − min), per feature (from the training data): into [0, 1].</summary>
    MinMax,
    /// <summary>x' = x / 255: image pixels 0..255 into [0, 1].</summary>
    Pixels,
}

/// <summary>
/// A per-feature affine rescaling x'ⱼ = (xⱼ − shiftⱼ) / divisorⱼ, fitted on training data and stored
/// with the model so that prediction applies the very same transform. A constant feature
/// (zero spread) gets divisor 1, so it becomes 0 rather than NaN.
/// </summary>
public sealed class FeatureScaler
{
    public FeatureScaler(Scaling kind, float[] shift, float[] divisor)
    {
        if (shift.Length != divisor.Length) throw new ArgumentException("shift and divisor differ in length");
        Kind = kind;
        Shift = shift;
        Divisor = divisor;
    }

    public Scaling Kind { get; }
    /// <summary>[d]</summary>
    public float[] Shift { get; }
    /// <summary>[d]</summary>
    public float[] Divisor { get; }

    /// <summary>Fits the transform of <paramref name="kind"/> on X [n, d].</summary>
    public static FeatureScaler Fit(Scaling kind, ReadOnlySpan<float> x, int d)
    {
        if (d < 1) throw new ArgumentOutOfRangeException(nameof(d));
        return Fit(kind, x.Length / d, d, x.ToArray(), (rows, i, row) => rows.AsSpan(i * d, d).CopyTo(row));
    }

    /// <summary>Fits the transform of <paramref name="kind"/> on a dataset (float or byte features).</summary>
    public static FeatureScaler Fit(Scaling kind, Dataset data) =>
        kind is Scaling.None or Scaling.Pixels
            ? Fit(kind, 0, data.Columns, data, (_, _, _) => { })
            : Fit(kind, data.Rows, data.Columns, data, (source, i, row) => source.CopyRow(i, row));

    delegate void RowReader<T>(T source, int i, Span<float> row);

    static FeatureScaler Fit<T>(Scaling kind, int n, int d, T source, RowReader<T> readRow)
    {
        var row = new float[d];
        var shift = new float[d];
        var divisor = new float[d];
        Array.Fill(divisor, 1f);
        switch (kind)
        {
            case Scaling.None:
                break;
            case Scaling.Pixels:
                Array.Fill(divisor, 255f);
                break;
            case Scaling.Standardize:
                var mean = new double[d];
                var squares = new double[d];
                for (int i = 0; i < n; i++)
                {
                    readRow(source, i, row);
                    for (int j = 0; j < d; j++) mean[j] += row[j];
                }
                for (int j = 0; j < d; j++) mean[j] /= Math.Max(n, 1);
                for (int i = 0; i < n; i++)
                {
                    readRow(source, i, row);
                    for (int j = 0; j < d; j++) { double e = row[j] - mean[j]; squares[j] += e * e; }
                }
                for (int j = 0; j < d; j++)
                {
                    double std = Math.Sqrt(squares[j] / Math.Max(n, 1));  // population σ, as scikit-learn's StandardScaler
                    shift[j] = (float)mean[j];
                    divisor[j] = std > 0 ? (float)std : 1f;
                }
                break;
            case Scaling.MinMax:
                var mins = new float[d];
                var maxs = new float[d];
                Array.Fill(mins, n == 0 ? 0 : float.PositiveInfinity);
                Array.Fill(maxs, n == 0 ? 0 : float.NegativeInfinity);
                for (int i = 0; i < n; i++)
                {
                    readRow(source, i, row);
                    for (int j = 0; j < d; j++) { mins[j] = MathF.Min(mins[j], row[j]); maxs[j] = MathF.Max(maxs[j], row[j]); }
                }
                for (int j = 0; j < d; j++)
                {
                    shift[j] = mins[j];
                    divisor[j] = maxs[j] > mins[j] ? maxs[j] - mins[j] : 1f;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return new FeatureScaler(kind, shift, divisor);
    }

    /// <summary>The identity transform on d features.</summary>
    public static FeatureScaler Identity(int d)
    {
        var divisor = new float[d];
        Array.Fill(divisor, 1f);
        return new FeatureScaler(Scaling.None, new float[d], divisor);
    }

    /// <summary>x' = (x − shift) / divisor for rows of length d, from <paramref name="x"/> into <paramref name="destination"/> (may be the same).</summary>
    public void Transform(ReadOnlySpan<float> x, Span<float> destination)
    {
        int d = Shift.Length;
        for (int start = 0; start < x.Length; start += d) Transform(x.Slice(start, d), destination.Slice(start, d), Kind, Shift, Divisor);
    }

    /// <summary>x ← (x − shift) / divisor for one row [d]. Division, not multiplication by 1/divisor, so that
    /// pixels ÷ 255 give exactly the floats that x / 255f gives elsewhere (PyTorch's <c>/ 255.0</c> among them).</summary>
    public void TransformInPlace(Span<float> row) => Transform(row, row, Kind, Shift, Divisor);

    static void Transform(ReadOnlySpan<float> row, Span<float> destination, Scaling kind, float[] shift, float[] divisor)
    {
        switch (kind)
        {
            case Scaling.None:
                row.CopyTo(destination);
                return;
            case Scaling.Pixels:
                TensorPrimitives.Divide(row, 255f, destination);                  // shift 0, divisor 255 everywhere
                return;
            default:
                TensorPrimitives.Subtract(row, shift, destination);
                TensorPrimitives.Divide(destination, divisor, destination);
                return;
        }
    }

    /// <summary>A rescaled copy of the dataset (as floats).</summary>
    public Dataset Transform(Dataset data)
    {
        var x = new float[(long)data.Rows * data.Columns];
        for (int i = 0; i < data.Rows; i++)
        {
            Span<float> row = x.AsSpan(i * data.Columns, data.Columns);
            data.CopyRow(i, row);
            TransformInPlace(row);
        }
        return new Dataset(x, data.Labels, data.FeatureNames, data.ClassNames, data.Source);
    }

    /// <summary>Parses a scaling name as used on the command line.</summary>
    public static Scaling ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "none" => Scaling.None,
        "standardize" or "standard" or "zscore" => Scaling.Standardize,
        "minmax" or "min-max" => Scaling.MinMax,
        "pixels" or "255" => Scaling.Pixels,
        _ => throw new UserInputException($"unknown scaling '{name}'", "Use one of: none, standardize, minmax, pixels"),
    };

    public static string Name(Scaling kind) => kind switch
    {
        Scaling.None => "none",
        Scaling.Standardize => "standardize",
        Scaling.MinMax => "minmax",
        Scaling.Pixels => "pixels",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
