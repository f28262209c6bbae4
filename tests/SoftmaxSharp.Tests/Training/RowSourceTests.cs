using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class RowSourceTests
{
    [Theory]
    [InlineData(Scaling.Pixels)]
    [InlineData(Scaling.Standardize)]
    public void GatherAskingForUpcomingRowsGivesTheSameTile(Scaling scaling)
    {
        int n = 40, d = 37;
        var random = new Random(7);
        var pixels = new byte[n * d];
        random.NextBytes(pixels);
        var data = new Dataset(pixels, new int[n], Enumerable.Range(0, d).Select(j => $"p{j}").ToArray(), ["a", "b"]);
        var source = new RowSource(data, FeatureScaler.Fit(scaling, data));
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        foreach (int start in new[] { 0, 5, n - RowSource.FarAhead - 3, n - RowSource.NearAhead - 1, n - 4 })
        {
            int t = Math.Min(9, n - start);
            var plain = new float[t * d];
            var ahead = new float[t * d];
            source.Gather(order.AsSpan(start, t), plain);
            source.Gather(order.AsSpan(start, t), ahead, RowSource.Upcoming(order, start));
            Assert.Equal(plain, ahead);
            if (scaling == Scaling.Pixels)
                for (int r = 0; r < t; r++) Assert.Equal(pixels[order[start + r] * d + 3] / 255f, ahead[r * d + 3]);
        }
        Assert.True(RowSource.Upcoming(order, n).IsEmpty);
        Assert.Equal(order[5], RowSource.Upcoming(order, 5)[0]);
    }
}
