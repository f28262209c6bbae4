using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

public class ClassProbabilitiesTests
{
    [Fact]
    public void PredictProbaByNameIsIndexableByClassNameAndIndex()
    {
        var iris = EmbeddedDatasets.Load("iris");
        var model = new SoftmaxRegression();
        model.Fit(iris, new TrainingOptions { Epochs = 20, Scaling = Scaling.Standardize });
        float[] x = iris.Features.AsSpan(0, 2 * iris.Columns).ToArray();   // two rows
        float[] flat = model.PredictProba(x);

        ClassProbabilities[] rows = model.PredictProbaByName(x);
        Assert.Equal(2, rows.Length);
        for (int i = 0; i < 2; i++)
            for (int c = 0; c < model.Classes; c++)
            {
                Assert.Equal(flat[i * model.Classes + c], rows[i][c]);
                Assert.Equal(flat[i * model.Classes + c], rows[i][model.ClassNames[c]]);
            }
        Assert.Equal("setosa", rows[0].Predicted);
        Assert.Equal(model.ClassNames, rows[0].Select(p => p.Key));
        Assert.Equal(rows[0]["setosa"], model.PredictProbaByName(x.AsSpan(0, iris.Columns)).Single()["setosa"]);
        var error = Assert.Throws<KeyNotFoundException>(() => rows[0]["rose"]);
        Assert.Contains("setosa, versicolor, virginica", error.Message);
    }
}
