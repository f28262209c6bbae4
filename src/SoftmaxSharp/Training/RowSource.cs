using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
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

    /// <summary>
    /// Rows visited in shuffled order defeat the hardware prefetcher, so <see cref="Gather"/> asks for rows ahead of the one it
    /// converts, twice: <see cref="FarAhead"/> rows ahead into the outer caches, then <see cref="NearAhead"/> rows ahead into L2.
    /// Measured on Fashion-MNIST, one core, a shuffled epoch's gather: 17 ms with no requests, 6.4–7.0 ms asking 8 rows ahead
    /// once (2 to 32 rows ahead do about equally well), 5.1–5.3 ms asking 2 and 16 rows ahead; rows in storage order: 3.9 ms.
    /// </summary>
    public const int NearAhead = 2, FarAhead = 16;

    /// <summary>How far ahead <see cref="PixelScores.FourRows"/> (and FourRowsFive) asks for rows, from the first of its four: the next group but one
    /// (4 to 24 rows ahead measured about the same).</summary>
    const int KernelAhead = 8;

    /// <summary>
    /// tile [rows.Length, d] ← the scaled rows at <paramref name="rows"/>. While row r is converted, the CPU is asked to
    /// bring <paramref name="upcoming"/>[r + <see cref="NearAhead"/>] and [r + <see cref="FarAhead"/>] into cache: pass the
    /// visiting order from <paramref name="rows"/>[0] on (<see cref="Upcoming"/>), or nothing for rows in storage order.
    /// </summary>
    public void Gather(ReadOnlySpan<int> rows, Span<float> tile, ReadOnlySpan<int> upcoming = default)
    {
        int d = Columns;
        byte[]? pixels = _data.Pixels;
        float[]? features = pixels is null ? _data.Features : null;
        bool unitPixels = pixels is not null && _scaler.Kind == Scaling.Pixels;
        for (int r = 0; r < rows.Length; r++)
        {
            if (r + FarAhead < upcoming.Length) Prefetch(upcoming[r + FarAhead], near: false);
            if (r + NearAhead < upcoming.Length) Prefetch(upcoming[r + NearAhead], near: true);
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

    /// <summary>Whether <see cref="GatherScores"/> runs here: byte pixels scaled to [0, 1], ten (or five) classes, AVX-512.</summary>
    public bool ScoresPixels(int k) => PixelScores.Takes(k) && PixelScores.Supported && _data.Pixels is not null && _scaler.Kind == Scaling.Pixels
        && Columns >= 8;

    /// <summary>
    /// <see cref="Gather"/>, then Z = X Wᵀ (<see cref="LinearKernels.ScoresTile(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>);
    /// given W packed (where <see cref="ScoresPixels"/>), both in one pass (<see cref="PixelScores"/>), four rows at a time, the
    /// kernel asking for the rows <see cref="KernelAhead"/> ahead as it goes; the last rows (t mod 4) as before: the same tile and
    /// the same scores.
    /// </summary>
    /// <param name="packed">W packed by <see cref="PixelScores.Pack"/>, or empty</param>
    /// <param name="z">Z [rows.Length, k], written</param>
    public void GatherScores(ReadOnlySpan<int> rows, Span<float> tile, ReadOnlySpan<float> packed, ReadOnlySpan<float> weights, Span<float> z, ReadOnlySpan<int> upcoming = default)
    {
        int d = Columns, t = rows.Length, r = 0, k = t == 0 ? 0 : z.Length / t;
        if (packed.IsEmpty)
        {
            Gather(rows, tile, upcoming);
            LinearKernels.ScoresTile(weights, tile, t, z);
            return;
        }
        byte[] pixels = _data.Pixels!;
        for (; r + 4 <= t; r += 4)
        {
            ReadOnlySpan<byte> p0 = pixels.AsSpan(rows[r] * d, d), p1 = pixels.AsSpan(rows[r + 1] * d, d), p2 = pixels.AsSpan(rows[r + 2] * d, d),
                p3 = pixels.AsSpan(rows[r + 3] * d, d);
            int a = r + KernelAhead;                              // the kernels ask for the rows ahead themselves, spread over their loop
            var ahead = default(PixelScores.FourRowsAhead);
            if (a + 4 <= upcoming.Length)
            {
                ahead = new(pixels.AsSpan(upcoming[a] * d, d), pixels.AsSpan(upcoming[a + 1] * d, d), pixels.AsSpan(upcoming[a + 2] * d, d),
                    pixels.AsSpan(upcoming[a + 3] * d, d));
                AskForLabels(upcoming.Slice(a, 4));               // and here for their labels, which the cross-entropy reads after the scores
            }
            Span<float> x = tile.Slice(r * d, 4 * d), zr = z.Slice(r * k, 4 * k);
            if (k == PixelScores.Classes) PixelScores.FourRows(packed, weights, p0, p1, p2, p3, x, zr, ahead);
            else PixelScores.FourRowsFive(packed, weights, p0, p1, p2, p3, x, zr, ahead);
        }
        if (r == t) return;
        Gather(rows[r..], tile[(r * d)..(t * d)], upcoming.Length > r ? upcoming[r..] : default);
        LinearKernels.ScoresTile(weights, tile[(r * d)..(t * d)], t - r, z[(r * k)..(t * k)]);
    }

    /// <summary>Asks for the labels of <paramref name="rows"/>: in a shuffled epoch each is on a line of its own, 60,000 of them 240 KB.</summary>
    unsafe void AskForLabels(ReadOnlySpan<int> rows)
    {
        if (!Sse.IsSupported) return;
        fixed (int* labels = _data.Labels)
            foreach (int row in rows) Sse.Prefetch0(labels + row);
    }

    /// <summary>
    /// Asks for the first rows of <paramref name="upcoming"/> as <see cref="Gather"/> would have while converting the rows before
    /// them: a thread that will gather them next, but not right after the rows it gathers now, calls this first.
    /// </summary>
    public void PrefetchFirst(ReadOnlySpan<int> upcoming)
    {
        for (int r = 0; r < FarAhead && r < upcoming.Length; r++) Prefetch(upcoming[r], near: false);
        for (int r = 0; r < NearAhead && r < upcoming.Length; r++) Prefetch(upcoming[r], near: true);
    }

    /// <summary>Asks the CPU to bring row <paramref name="row"/> into L2 (<paramref name="near"/>) or the outer caches ahead of its <see cref="Gather"/>.</summary>
    void Prefetch(int row, bool near)
    {
        int d = Columns;
        var bytes = _data.Pixels is byte[] pixels ? pixels.AsSpan(row * d, d) : MemoryMarshal.AsBytes(_data.Features.AsSpan(row * d, d));
        LinearKernels.Prefetch(bytes, near);
    }

    /// <summary>The rows of <paramref name="order"/> from position <paramref name="position"/> on: the <c>upcoming</c> of a <see cref="Gather"/> that starts there.</summary>
    public static ReadOnlySpan<int> Upcoming(int[] order, int position) => order.AsSpan(position);
}
