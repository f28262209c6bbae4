using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

public class DatasetTests
{
    /// <summary>n rows whose single feature is the row's index, so a split can be traced back to rows.</summary>
    static Dataset Numbered(params int[] classSizes)
    {
        var labels = classSizes.SelectMany((size, c) => Enumerable.Repeat(c, size)).ToArray();
        var features = Enumerable.Range(0, labels.Length).Select(i => (float)i).ToArray();
        return new Dataset(features, labels, ["id"], classSizes.Select((_, c) => "c" + c).ToArray(), "numbered");
    }

    static int[] Ids(Dataset data) => data.Features.Select(v => (int)v).ToArray();

    [Fact]
    public void Split_IsDisjointAndCoversEveryRow()
    {
        Dataset data = Numbered(50, 30, 20);

        var (train, test) = data.Split(0.2, seed: 1);

        Assert.Empty(Ids(train).Intersect(Ids(test)));
        Assert.Equal(Enumerable.Range(0, 100), Ids(train).Concat(Ids(test)).Order());
        Assert.All(Ids(train).Concat(Ids(test)), id => Assert.Equal(data.Labels[id], id < 50 ? 0 : id < 80 ? 1 : 2));
        Assert.All(Enumerable.Range(0, train.Rows), i => Assert.Equal(data.Labels[Ids(train)[i]], train.Labels[i]));
    }

    [Fact]
    public void Split_IsStratified()
    {
        Dataset data = Numbered(50, 30, 20);

        var (train, test) = data.Split(0.2, seed: 1);

        Assert.Equal([10, 6, 4], Enumerable.Range(0, 3).Select(c => test.Labels.Count(y => y == c)));
        Assert.Equal([40, 24, 16], Enumerable.Range(0, 3).Select(c => train.Labels.Count(y => y == c)));
    }

    [Fact]
    public void Split_OfTheLectureTable_KeepsEveryClassInBothParts()
    {
        Dataset data = EmbeddedDatasets.Load("iris-1d-3c");

        var (train, test) = data.Split(0.2, seed: 0);

        Assert.Equal([0, 1, 2], train.Labels.Distinct().Order());
        Assert.Equal([0, 1, 2], test.Labels.Distinct().Order());
    }

    [Fact]
    public void Split_IsSeeded()
    {
        Dataset data = Numbered(50, 30, 20);

        var (trainA, testA) = data.Split(0.3, seed: 5);
        var (trainB, testB) = data.Split(0.3, seed: 5);
        var (_, testC) = data.Split(0.3, seed: 6);

        Assert.Equal(Ids(trainA), Ids(trainB));
        Assert.Equal(Ids(testA), Ids(testB));
        Assert.NotEqual(Ids(testA).Order(), Ids(testC).Order());
    }

    [Fact]
    public void Split_ShufflesRatherThanTakingTheLastRows()
    {
        var (_, test) = Numbered(100).Split(0.2, seed: 2);

        Assert.NotEqual(Enumerable.Range(80, 20), Ids(test).Order());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Split_RejectsAFractionOutsideZeroToOne(double fraction)
    {
        Assert.Throws<UserInputException>(() => Numbered(10, 10).Split(fraction, 0));
    }

    [Fact]
    public void Split_OfOneRowPerClass_SaysThereAreTooFewRows()
    {
        var error = Assert.Throws<UserInputException>(() => Numbered(1, 1).Split(0.5, 0));

        Assert.Contains("too few", error.Message);
    }

    [Fact]
    public void SubsetAndRow_PickRowsInTheGivenOrder()
    {
        var data = new Dataset([1f, 2f, 3f, 4f, 5f, 6f], [0, 1, 1], ["a", "b"], ["x", "y"], "src");

        Dataset subset = data.Subset([2, 0]);

        Assert.Equal([5f, 6f, 1f, 2f], subset.Features);
        Assert.Equal([1, 0], subset.Labels);
        Assert.Equal([3f, 4f], data.Row(1).ToArray());
        Assert.Equal((3, 2, 2), (data.Rows, data.Columns, data.Classes));
    }

    [Fact]
    public void Constructor_RejectsInconsistentShapesAndLabels()
    {
        Assert.Throws<ArgumentException>(() => new Dataset([1f, 2f, 3f], [0, 1], ["a", "b"], ["x", "y"]));
        Assert.Throws<ArgumentException>(() => new Dataset([1f, 2f], [0, 2], ["a"], ["x", "y"]));
        Assert.Throws<ArgumentException>(() => new Dataset(Array.Empty<float>(), [], [], ["x"]));
    }
}
