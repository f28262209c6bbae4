using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

public class EmbeddedDatasetsTests
{
    [Theory]
    [InlineData("iris", 150, 4, 3)]
    [InlineData("iris-1d-2c", 6, 1, 2)]
    [InlineData("iris-1d-3c", 9, 1, 3)]
    [InlineData("iris-2d-3c", 9, 2, 3)]
    [InlineData("iris-4d-3c", 9, 4, 3)]
    public void EveryEmbeddedDataset_LoadsWithItsShape(string name, int rows, int columns, int classes)
    {
        Dataset data = EmbeddedDatasets.Load(name);

        Assert.Equal((rows, columns, classes), (data.Rows, data.Columns, data.Classes));
        Assert.True(EmbeddedDatasets.Contains(name.ToUpperInvariant()));
    }

    [Fact]
    public void Iris_HasFiftyOfEachSpecies()
    {
        Dataset iris = EmbeddedDatasets.Load(EmbeddedDatasets.Default);

        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal(["Sepal_Length", "Sepal_Width", "Petal_Length", "Petal_Width"], iris.FeatureNames);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(50, iris.Labels.Count(y => y == c)));
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], iris.Row(0).ToArray());
    }

    [Fact]
    public void LectureTable_2d3c_IsTheLecturesTable()
    {
        Dataset data = EmbeddedDatasets.Load("iris-2d-3c");

        Assert.Equal([1.4f, 0.2f, 1.4f, 0.2f, 1.3f, 0.2f, 4.5f, 1.5f, 4.9f, 1.5f, 4f, 1.3f, 4.5f, 1.7f, 6.3f, 1.8f, 5.8f, 1.8f], data.Features);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2], data.Labels);
        Assert.Equal(["0", "1", "2"], data.ClassNames);
    }

    [Fact]
    public void UnknownName_ListsTheEmbeddedDatasets()
    {
        var error = Assert.Throws<UserInputException>(() => EmbeddedDatasets.Load("mnist"));

        Assert.Contains("iris-1d-2c", error.Hint);
        Assert.False(EmbeddedDatasets.Contains("mnist"));
    }
}
