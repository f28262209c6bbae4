using SoftmaxSharp.Data;

namespace SoftmaxSharp.Bench;

/// <summary>The data the bench trains on: Fashion-MNIST, or a small synthetic image set for --smoke.</summary>
static class BenchData
{
    public static (Dataset Train, Dataset Test) Load(BenchOptions options)
    {
        if (!options.Smoke)
        {
            var (train, test) = IdxReader.ReadDirectory(options.DataDirectory);
            return (train, test ?? throw new ArgumentException($"{options.DataDirectory} has no t10k-* test files"));
        }
        return (Synthetic(1200, 784, 10, seed: 1), Synthetic(300, 784, 10, seed: 2));
    }

    /// <summary>n byte "images" of d pixels, k classes; class c brightens its own band of pixels, so the classes can be learned.</summary>
    static Dataset Synthetic(int n, int d, int k, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = labels[i] = i % k;
            for (int j = 0; j < d; j++)
                pixels[i * d + j] = (byte)(random.Next(128) + (j * k / d == c ? 127 : 0));
        }
        string[] features = Enumerable.Range(1, d).Select(j => $"p{j}").ToArray();
        string[] classes = Enumerable.Range(0, k).Select(c => $"c{c}").ToArray();
        return new Dataset(pixels, labels, features, classes, "synthetic");
    }

    /// <summary>Bytes the dataset holds in memory: X (bytes or floats) and y.</summary>
    public static long InMemoryBytes(Dataset data) =>
        (data.Pixels?.LongLength ?? data.Features.LongLength * sizeof(float)) + data.Labels.LongLength * sizeof(int);

    /// <summary>Bytes of X one epoch reads: every element once, as stored.</summary>
    public static double EpochBytes(Dataset data) => data.Pixels?.LongLength ?? data.Features.LongLength * sizeof(float);
}
