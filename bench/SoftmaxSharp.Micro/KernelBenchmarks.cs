using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Kernels;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Micro;

/// <summary>
/// The kernels of the hot path on Fashion-MNIST's shapes (d = 784 pixels, k = 10 classes) with synthetic
/// data: the dot product, the scores of a tile Z = XWᵀ (from floats, and from pixels scaled on the way), a thread's step by classes, the gradient ∇W += GᵀX, softmax over rows, the
/// fused batch step (BatchGradient: gather, scores, softmax, gradient) and PredictProba on 10,000 rows.
/// Run: dotnet run -c Release --project bench/SoftmaxSharp.Micro -- --filter '*'
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    const int D = 784, K = 10, Tile = 64, PredictRows = 10_000, TrainRows = 4096;

    float[] _weights = [], _bias = [], _x = [], _z = [], _g = [], _gradW = [], _gradB = [], _probabilities = [], _predictX = [];
    int[] _rows = [], _labels = [];
    byte[] _pixelRow = [], _pixels = [];
    float[] _packed = [], _packedFive = [], _stepWeights = [];
    RowSource _source = null!;
    BatchGradient.Workspace _work = null!;
    SoftmaxRegression _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        float Next() => (float)random.NextDouble();
        _weights = Enumerable.Range(0, K * D).Select(_ => 0.01f * (Next() - 0.5f)).ToArray();
        _bias = new float[K];
        _x = AlignedArrays.Copy(Enumerable.Range(0, Tile * D).Select(_ => Next()).ToArray());   // 64-byte aligned, as training's buffers
        _z = Enumerable.Range(0, Tile * K).Select(_ => 4 * (Next() - 0.5f)).ToArray();
        _g = Enumerable.Range(0, Tile * K).Select(_ => Next() - 0.5f).ToArray();
        _gradW = new float[K * D];
        _gradB = new float[K];
        _probabilities = new float[Math.Max(Tile, PredictRows) * K];

        var pixels = new byte[TrainRows * D];
        random.NextBytes(pixels);
        var labels = _labels = Enumerable.Range(0, TrainRows).Select(i => i % K).ToArray();
        _pixelRow = pixels[..D];
        _pixels = pixels[..(Tile * D)];
        _packed = AlignedArrays.Floats(K * D);
        PixelScores.Pack(_weights, D, _packed);
        _packedFive = AlignedArrays.Floats(K / 2 * D);
        _stepWeights = _weights[..(K / 2 * D)];
        PixelScores.Pack(_weights.AsSpan(0, K / 2 * D), D, _packedFive);
        var data = new Dataset(pixels, labels, Enumerable.Range(0, D).Select(j => $"p{j}").ToArray(), Enumerable.Range(0, K).Select(c => $"c{c}").ToArray());
        _source = new RowSource(data, FeatureScaler.Fit(Scaling.Pixels, data));
        _rows = Enumerable.Range(0, TrainRows).OrderBy(_ => random.Next()).ToArray();   // shuffled, as in an epoch
        _work = new BatchGradient.Workspace(K, D);
        _model = new SoftmaxRegression(_weights, _bias, data.FeatureNames, data.ClassNames, FeatureScaler.Fit(Scaling.Pixels, data));
        _predictX = Enumerable.Range(0, PredictRows * D).Select(_ => (float)random.Next(256)).ToArray();
    }

    [Benchmark(Description = "dot w·x, d = 784 (TensorPrimitives.Dot)")]
    public float Dot() => TensorPrimitives.Dot(_weights.AsSpan(0, D), _x.AsSpan(0, D));

    [Benchmark(Description = "scores z = Wx, one row")]
    public void ScoresRow() => LinearKernels.Scores(_weights, _x.AsSpan(0, D), _z.AsSpan(0, K));

    [Benchmark(Description = "scores Z = XWᵀ, a tile of 64 rows")]
    public void ScoresTile() => LinearKernels.ScoresTile(_weights, _x, Tile, _z);

    [Benchmark(Description = "scores from pixels: x = p/255 into the tile and Z = XWᵀ, 64 rows (PixelScores)")]
    public void PixelScoresTile()
    {
        for (int r = 0; r < Tile; r += 4)
            PixelScores.FourRows(_packed, _weights, _pixels.AsSpan(r * D, D), _pixels.AsSpan((r + 1) * D, D), _pixels.AsSpan((r + 2) * D, D),
                _pixels.AsSpan((r + 3) * D, D), _x.AsSpan(r * D, 4 * D), _z.AsSpan(r * K, 4 * K));
    }

    [Benchmark(Description = "the same for five classes (a thread's half when a small batch is split by classes)")]
    public void PixelScoresTileFive()
    {
        for (int r = 0; r < Tile; r += 4)
            PixelScores.FourRowsFive(_packedFive, _weights.AsSpan(0, K / 2 * D), _pixels.AsSpan(r * D, D), _pixels.AsSpan((r + 1) * D, D), _pixels.AsSpan((r + 2) * D, D),
                _pixels.AsSpan((r + 3) * D, D), _x.AsSpan(r * D, 4 * D), _z.AsSpan(r * K / 2, 4 * K / 2));
    }

    [Benchmark(Description = "by classes, batch 32: a thread's ∇₀ = G₀ᵀX₀ and ∇₁ = G₁ᵀX₁ (five classes, two halves of 16 rows)")]
    public void ClassHalves()
    {
        LinearKernels.OuterProduct(_g.AsSpan(0, 16 * K / 2), _x.AsSpan(0, 16 * D), _gradW.AsSpan(0, K / 2 * D), K / 2, vectorized: true);
        LinearKernels.OuterProduct(_g.AsSpan(16 * K / 2, 16 * K / 2), _x.AsSpan(16 * D, 16 * D), _gradW.AsSpan(K / 2 * D, K / 2 * D), K / 2, vectorized: true);
    }

    [Benchmark(Description = "the same and the step W ← W − η(∇₀ + ∇₁), written plain and packed, in one pass (ClassStep)")]
    public void ClassStepBatch32() => ClassStep.Step(_g.AsSpan(0, 32 * K / 2), _x.AsSpan(0, 32 * D), 16, _stepWeights, -1e-9f, _packedFive, D);

    [Benchmark(Description = "gradient ∇W += GᵀX, a tile of 64 rows")]
    public void AccumulateOuter() => LinearKernels.AccumulateOuter(_g, _x, _gradW, K);

    [Benchmark(Description = "softmax of 64 rows of k = 10")]
    public void SoftmaxRows()
    {
        for (int r = 0; r < Tile; r++) Softmax.Stable(_z.AsSpan(r * K, K), _probabilities.AsSpan(r * K, K));
    }

    [Benchmark(Description = "softmax, loss and ∂L/∂z of 64 rows of k = 10, eight rows per vector (CrossEntropyTile)")]
    public double CrossEntropyTile()
    {
        Array.Clear(_gradB);
        return BatchGradient.CrossEntropyTile(_z, _bias, _labels, _rows.AsSpan(0, Tile), 1f / Tile, _g, _gradB, _probabilities).LossSum;
    }

    [Benchmark(Description = "the same, row by row (CrossEntropyRows, the reference)")]
    public double CrossEntropyRows()
    {
        Array.Clear(_gradB);
        double loss = 0;
        int correct = 0;
        BatchGradient.CrossEntropyRows(_z, _bias, _labels, _rows.AsSpan(0, Tile), 1f / Tile, _g, _gradB, _probabilities, ref loss, ref correct);
        return loss;
    }

    [Benchmark(Description = "pixels x/255 of one 784-byte row, widest vectors")]
    public void PixelsToUnit() => Conversions.PixelsToUnit(_pixelRow, _x.AsSpan(0, D));

    [Benchmark(Description = "pixels x/255 of one 784-byte row, Vector256")]
    public void PixelsToUnit256() => Conversions.PixelsToUnit(_pixelRow, _x.AsSpan(0, D), Math.Min(256, Conversions.PixelVectorBits));

    [Benchmark(Description = "fused batch step (BatchGradient), batch 32")]
    public double BatchStep32() => BatchStep(32);

    [Benchmark(Description = "fused batch step (BatchGradient), batch 256")]
    public double BatchStep256() => BatchStep(256);

    double BatchStep(int m)
    {
        Array.Clear(_gradW);
        Array.Clear(_gradB);
        return BatchGradient.Accumulate(_weights, _bias, _source, _rows.AsSpan(0, m), _gradW, _gradB, _work).LossSum;
    }

    [Benchmark(Description = "PredictProba, 10,000 rows (into a buffer)")]
    public void PredictProba() => _model.PredictProba(_predictX, _probabilities);
}
