using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Tests.Models;

public class PredictionConsistencyTests
{
    [Theory]
    [InlineData(10, 784, 5001)]                                   // Fashion-MNIST's shape; parallel, odd row count
    [InlineData(3, 4, 2049)]                                      // Iris's shape; an odd class count
    [InlineData(7, 19, 33)]
    public void ARowsProbabilitiesDoNotDependOnTheBatchItIsPredictedIn(int k, int d, int n)
    {
        var random = new Random(k * d + n);
        float[] weights = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] bias = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] x = Enumerable.Range(0, n * d).Select(_ => (float)(random.NextDouble() * 255)).ToArray();
        var scaler = FeatureScaler.Fit(Scaling.Standardize, x, d);
        var model = new SoftmaxRegression(weights, bias, Enumerable.Range(0, d).Select(j => $"f{j}").ToArray(), Enumerable.Range(0, k).Select(c => $"c{c}").ToArray(), scaler);

        float[] all = model.PredictProba(x);
        for (int i = 0; i < n; i += Math.Max(1, n / 50))
        {
            float[] alone = model.PredictProba(x.AsSpan(i * d, d).ToArray());
            Assert.Equal(alone, all.AsSpan(i * k, k).ToArray());
        }
        float[] shifted = model.PredictProba(x.AsSpan(d));        // every row pairs with a different neighbour
        Assert.Equal(all.AsSpan(k).ToArray(), shifted);
    }
}

public class DatasetPredictionTests
{
    [Theory]
    [InlineData(Scaling.Pixels)]
    [InlineData(Scaling.Standardize)]
    public void ByteImagesPredictExactlyAsTheirFloatCopies(Scaling scaling)
    {
        int k = 10, d = 784, n = 3001;                            // parallel, odd row count
        var random = new Random(7);
        var pixels = new byte[n * d];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        var classNames = Enumerable.Range(0, k).Select(c => $"c{c}").ToArray();
        var images = new Dataset(pixels, labels, Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), classNames, "images");
        float[] weights = Enumerable.Range(0, k * d).Select(_ => (float)(random.NextDouble() - 0.5) * 0.01f).ToArray();
        float[] bias = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var scaler = FeatureScaler.Fit(scaling, images.Features, d);
        var model = new SoftmaxRegression(weights, bias, images.FeatureNames, classNames, scaler);

        Assert.Equal(model.PredictProba(images.Features), model.PredictProba(images));
    }
}

public class EmptyTrainingDataTests
{
    [Fact]
    public void TrainingOnNoRowsSaysSo()
    {
        var empty = new Dataset(Array.Empty<float>(), [], ["x"], ["a", "b"], "empty.csv");
        var error = Assert.Throws<UserInputException>(() => new SoftmaxRegression().Fit(empty));
        Assert.Contains("the training data has no rows", error.Message);
    }
}
