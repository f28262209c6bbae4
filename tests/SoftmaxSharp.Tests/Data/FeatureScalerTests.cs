using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

public class FeatureScalerTests
{
    // X [4, 3]: column 0 varies, column 1 is constant, column 2 has a negative range.
    static readonly float[] X = [1f, 5f, -2f, 2f, 5f, -4f, 3f, 5f, -6f, 6f, 5f, -8f];
    const int D = 3;

    static float[] Transform(FeatureScaler scaler, float[] x)
    {
        var result = new float[x.Length];
        scaler.Transform(x, result);
        return result;
    }

    [Fact]
    public void Standardize_UsesMeanAndPopulationStandardDeviation()
    {
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.Standardize, X, D);

        // column 0: mean 3, σ = √((4 + 1 + 0 + 9) / 4) = √3.5; column 2: mean −5, σ = √((9 + 1 + 1 + 9) / 4) = √5
        Assert.Equal([3f, 5f, -5f], scaler.Shift);
        Assert.Equal(Math.Sqrt(3.5), scaler.Divisor[0], 6);
        Assert.Equal(1f, scaler.Divisor[1]);                     // constant column: divisor 1, not 0
        Assert.Equal(Math.Sqrt(5), scaler.Divisor[2], 6);

        float[] scaled = Transform(scaler, X);
        for (int j = 0; j < D; j++)
        {
            var column = Enumerable.Range(0, 4).Select(i => (double)scaled[i * D + j]).ToArray();
            Assert.Equal(0.0, column.Average(), 6);
            Assert.Equal(j == 1 ? 0.0 : 1.0, Math.Sqrt(column.Select(v => v * v).Average()), 6);
        }
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0f, scaled[i * D + 1]));
    }

    [Fact]
    public void MinMax_MapsEachColumnOntoZeroToOne()
    {
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.MinMax, X, D);

        Assert.Equal([1f, 5f, -8f], scaler.Shift);
        Assert.Equal([5f, 1f, 6f], scaler.Divisor);
        Assert.Equal([0f, 0f, 1f, 0.2f, 0f, 4f / 6f, 0.4f, 0f, 2f / 6f, 1f, 0f, 0f], Transform(scaler, X), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Pixels_DividesBy255()
    {
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.Pixels, [0f, 255f, 51f, 0f], 2);

        Assert.Equal([0f, 0f], scaler.Shift);
        Assert.Equal([255f, 255f], scaler.Divisor);
        Assert.Equal([0f, 1f, 0.2f, 0f], Transform(scaler, [0f, 255f, 51f, 0f]));
    }

    [Fact]
    public void None_IsTheIdentity()
    {
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.None, X, D);

        Assert.Equal(new float[D], scaler.Shift);
        Assert.Equal([1f, 1f, 1f], scaler.Divisor);
        Assert.Equal(X, Transform(scaler, X));
        Assert.Equal(X, Transform(FeatureScaler.Identity(D), X));
    }

    [Fact]
    public void Transform_AppliesTheTrainingStatisticsToNewData()
    {
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.MinMax, X, D);

        Assert.Equal([2f, 2f, -1f / 6f], Transform(scaler, [11f, 7f, -9f]), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Transform_MayWorkInPlace()
    {
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.Standardize, X, D);
        float[] copy = (float[])X.Clone();

        scaler.Transform(copy, copy);

        Assert.Equal(Transform(scaler, X), copy);
    }

    [Fact]
    public void TransformDataset_ScalesACopyAndKeepsLabelsAndNames()
    {
        var data = new Dataset((float[])X.Clone(), [0, 1, 0, 1], ["a", "b", "c"], ["n", "p"], "src");
        FeatureScaler scaler = FeatureScaler.Fit(Scaling.Standardize, data.Features, D);

        Dataset scaled = scaler.Transform(data);

        Assert.Equal(X, data.Features);                          // the original is untouched
        Assert.Equal(Transform(scaler, X), scaled.Features);
        Assert.Equal(data.Labels, scaled.Labels);
        Assert.Equal(data.ClassNames, scaled.ClassNames);
        Assert.Equal(data.FeatureNames, scaled.FeatureNames);
    }

    [Theory]
    [InlineData("none", Scaling.None)]
    [InlineData("Standardize", Scaling.Standardize)]
    [InlineData("zscore", Scaling.Standardize)]
    [InlineData("minmax", Scaling.MinMax)]
    [InlineData("min-max", Scaling.MinMax)]
    [InlineData("pixels", Scaling.Pixels)]
    public void ParseKind_AcceptsTheCommandLineNames(string name, Scaling expected)
    {
        Assert.Equal(expected, FeatureScaler.ParseKind(name));
        Assert.Equal(expected, FeatureScaler.ParseKind(FeatureScaler.Name(expected)));
    }

    [Fact]
    public void ParseKind_RejectsAnUnknownNameListingTheKnownOnes()
    {
        var error = Assert.Throws<UserInputException>(() => FeatureScaler.ParseKind("log"));

        Assert.Contains("standardize", error.Hint);
    }

    sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float value) => 0;
    }
}
