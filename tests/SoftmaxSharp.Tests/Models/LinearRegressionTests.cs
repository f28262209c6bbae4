using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

public class LinearRegressionTests
{
    static Dataset HousePrices() => EmbeddedDatasets.Load("house-prices");

    [Fact]
    public void House_prices_is_the_lectures_area_price_table()
    {
        var data = HousePrices();
        Assert.True(data.IsRegression);
        Assert.Equal(["area"], data.FeatureNames);
        Assert.Equal("price", data.TargetName);
        Assert.Equal([6.7f, 4.6f, 3.5f, 5.5f], data.Features);
        Assert.Equal([9.1f, 5.9f, 4.6f, 6.7f], data.Targets!);
    }

    [Fact]
    public void Closed_form_matches_numpy_lstsq()
    {
        var c = TorchFamilyReference.Case("least_squares");
        var model = LinearRegression.LeastSquares(HousePrices());
        Assert.Equal(c.Double("w"), model.Weights[0], 5);
        Assert.Equal(c.Double("b"), model.Bias[0], 5);
    }

    [Fact]
    public void Full_batch_gradient_descent_converges_to_the_closed_form()
    {
        var data = HousePrices();
        var exact = LinearRegression.LeastSquares(data);
        var model = new LinearRegression();
        model.Fit(data, new TrainingOptions { Epochs = 2000, LearningRate = 0.1f, BatchSize = 4, Scaling = Scaling.Standardize, Shuffle = false });
        float[] exactPrediction = exact.Predict(data), prediction = model.Predict(data);
        for (int i = 0; i < 4; i++) Assert.Equal(exactPrediction[i], prediction[i], 4);
        Assert.Equal(exact.Evaluate(data).R2, model.Evaluate(data).R2, 5);
    }

    [Fact]
    public void The_mse_loss_is_half_the_squared_error_with_gradient_x_times_residual()
    {
        // lecture 001: f = ½(ŷ − y)², ∇w = x(ŷ − y). w = 1.3, b = −0.4 on the area→price table.
        var data = HousePrices();
        var model = new LinearRegression([1.3f], -0.4f, ["area"], "price");
        var g = new[] { new float[1], new float[1] };
        double j = model.Objective(data, g);
        double[] x = [6.7, 4.6, 3.5, 5.5], y = [9.1, 5.9, 4.6, 6.7];
        double[] r = x.Select((xi, i) => (double)(1.3f * (float)xi + -0.4f) - (float)y[i]).ToArray();
        Assert.Equal(r.Sum(v => 0.5 * v * v) / 4, j, 5);
        Assert.Equal(r.Select((v, i) => v * (float)x[i]).Sum() / 4, g[0][0], 4);
        Assert.Equal(r.Sum() / 4, g[1][0], 4);
        var mae = new LinearRegression([1.3f], -0.4f, ["area"], "price", loss: RegressionLoss.Mae);
        Assert.Equal(r.Sum(Math.Abs) / 4, mae.Objective(data, g), 5);
        Assert.Equal(r.Sum(Math.Sign) / 4.0, g[1][0], 6);                    // subgradient sign(ŷ − y)
    }

    [Theory]
    [InlineData("linear_mse", RegressionLoss.Mse)]
    [InlineData("linear_mae", RegressionLoss.Mae)]
    public void Sgd_agrees_with_pytorch(string name, RegressionLoss loss)
    {
        var c = TorchFamilyReference.Case(name);
        // PyTorch's MSELoss is mean (ŷ − y)²; ours is mean ½(ŷ − y)²: the same step needs twice the learning rate, and our loss is half.
        double factor = loss == RegressionLoss.Mse ? 2 : 1;
        var model = new LinearRegression(loss);
        var history = model.Fit(HousePrices(), new TrainingOptions
        {
            LearningRate = (float)(c.Double("lr") * factor), BatchSize = 4, Epochs = (int)c.Double("epochs"), Shuffle = false, Scaling = Scaling.None,
        });
        float[] losses = c.Floats("loss");
        for (int e = 0; e < losses.Length; e++) Assert.Equal(losses[e], history.Epochs[e].TrainLoss * factor, 3e-5 * Math.Max(1, losses[e]));
        Assert.Equal(c.Floats("w")[0], model.Weights[0], 5);
        Assert.Equal(c.Floats("b")[0], model.Bias[0], 5);
        Assert.All(history.Epochs, e => Assert.True(double.IsNaN(e.TrainAccuracy)));
    }

    [Fact]
    public void Scores_are_r2_rmse_and_mae()
    {
        var data = HousePrices();
        var model = new LinearRegression([1f], 1f, ["area"], "price");
        var scores = model.Evaluate(data);
        double[] y = [9.1f, 5.9f, 4.6f, 6.7f], p = [7.7f, 5.6f, 4.5f, 6.5f];
        double mean = y.Average();
        double sse = y.Select((v, i) => (v - p[i]) * (v - p[i])).Sum();
        Assert.Equal(1 - sse / y.Sum(v => (v - mean) * (v - mean)), scores.R2, 5);
        Assert.Equal(Math.Sqrt(sse / 4), scores.Rmse, 5);
        Assert.Equal(y.Select((v, i) => Math.Abs(v - p[i])).Average(), scores.Mae, 5);
    }

    [Fact]
    public void Divergence_is_reported_against_the_loss_of_zero_weights_and_keeps_the_last_good_weights()
    {
        var model = new LinearRegression();
        var error = Assert.Throws<UserInputException>(() => model.Fit(HousePrices(), new TrainingOptions { LearningRate = 1f, Epochs = 50, BatchSize = 4, Shuffle = false }));
        Assert.Contains("diverged", error.Message);
        Assert.All(model.Weights, w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void A_classification_table_is_a_clear_error()
    {
        var error = Assert.Throws<UserInputException>(() => new LinearRegression().Fit(EmbeddedDatasets.Load("iris")));
        Assert.Contains("numeric target", error.Message);
    }

    [Fact]
    public void Csv_target_column_is_read_as_a_number()
    {
        var table = CsvReader.Read(new StringReader("a,b,y\n1,2,0.5\n3,4,-1e2\n"), "t.csv");
        var data = table.ToRegressionDataset();
        Assert.Equal([0.5f, -100f], data.Targets!);
        var error = Assert.Throws<UserInputException>(() => CsvReader.Read(new StringReader("a,y\n1,cat\n"), "t.csv").ToRegressionDataset());
        Assert.Contains("not a number", error.Message);
        var (train, test) = data.Split(0.5, seed: 1);
        Assert.Equal(1, train.Rows);
        Assert.Equal(1, test.Rows);
        Assert.True(train.IsRegression && test.IsRegression);
    }
}
