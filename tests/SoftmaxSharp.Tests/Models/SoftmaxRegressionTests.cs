using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

public class SoftmaxRegressionTests
{
    [Fact]
    public void PredictProba_OfTheLecturesThreeClassModel_GivesTheLectureProbabilities()
    {
        // Lecture 002: w = [2, 3, 5], b = [1, 1, 1], x = 1 (the lecture truncates to 4 decimals).
        var model = new SoftmaxRegression([2f, 3f, 5f], [1f, 1f, 1f], ["x"], ["a", "b", "c"]);

        float[] p = model.PredictProba([1f]);

        Assert.Equal(0.0420, p[0], 1e-4);
        Assert.Equal(0.1141, p[1], 1e-4);
        Assert.Equal(0.8437, p[2], 1e-4);
        Assert.Equal([2], model.Predict([1f]));
    }

    [Fact]
    public void PredictAndPredictProba_ApplyTheStoredScalerToRawFeatures()
    {
        var scaler = new FeatureScaler(Scaling.Standardize, [10f, -2f], [2f, 4f]);
        float[] weights = [1f, -1f, 0.5f, 2f, -0.5f, 0f];       // W [3, 2]
        float[] bias = [0.1f, 0.2f, -0.3f];
        var model = new SoftmaxRegression(weights, bias, ["u", "v"], ["a", "b", "c"], scaler);
        float[] raw = [12f, 6f, 8f, -2f];                          // two rows
        float[] scaled = [1f, 2f, -1f, 0f];

        float[] p = model.PredictProba(raw);
        int[] predicted = model.Predict(raw);

        for (int i = 0; i < 2; i++)
        {
            var z = new float[3];
            Linear.Scores(weights, bias, scaled.AsSpan(i * 2, 2), z);
            float[] expected = Softmax.Of(z);
            for (int c = 0; c < 3; c++) Assert.Equal(expected[c], p[i * 3 + c], 6);
            Assert.Equal(Linear.ArgMax(z), predicted[i]);
        }
    }

    [Fact]
    public void Fit_WithScaling_StoresTheScalerFittedOnTheTrainingData()
    {
        Dataset data = EmbeddedDatasets.Load("iris-2d-3c");
        var model = new SoftmaxRegression();

        model.Fit(data, new TrainingOptions { Epochs = 1, Scaling = Scaling.MinMax });

        FeatureScaler expected = FeatureScaler.Fit(Scaling.MinMax, data.Features, data.Columns);
        Assert.Equal(Scaling.MinMax, model.Scaler.Kind);
        Assert.Equal(expected.Shift, model.Scaler.Shift);
        Assert.Equal(expected.Divisor, model.Scaler.Divisor);
        Assert.Equal(data.FeatureNames, model.FeatureNames);
        Assert.Equal(data.ClassNames, model.ClassNames);
    }

    [Fact]
    public void AnUntrainedModel_SaysSo()
    {
        var model = new SoftmaxRegression();

        Assert.False(model.IsFitted);
        Assert.Throws<InvalidOperationException>(() => model.Weights);
        Assert.Throws<InvalidOperationException>(() => model.PredictProba([1f]));
    }

    [Fact]
    public void InputsOfTheWrongShape_AreUserErrors()
    {
        var model = new SoftmaxRegression([1f, 2f, 3f, 4f], [0f, 0f], ["u", "v"], ["a", "b"]);
        var threeFeatures = new Dataset([1f, 2f, 3f], [0], ["u", "v", "w"], ["a", "b"], "wide.csv");
        var otherClasses = new Dataset([1f, 2f], [0], ["u", "v"], ["a", "z"], "other.csv");

        Assert.Throws<UserInputException>(() => model.PredictProba([1f, 2f, 3f]));
        Assert.Contains("3 features", Assert.Throws<UserInputException>(() => model.Score(threeFeatures)).Message);
        Assert.Throws<UserInputException>(() => model.Loss(otherClasses));
    }

    [Fact]
    public void Constructor_RejectsParametersOfTheWrongShape()
    {
        Assert.Throws<ArgumentException>(() => new SoftmaxRegression([1f, 2f, 3f], [0f, 0f], ["u", "v"], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new SoftmaxRegression([1f, 2f], [0f, 0f], ["u"], ["a"]));
    }
}
