using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Models;

public class LogisticRegressionTests
{
    static readonly string[] TwoClasses = ["neg", "pos"];

    [Fact]
    public void Binary_cross_entropy_is_stable_and_matches_the_lecture_formula()
    {
        // −y log ŷ − (1 − y) log(1 − ŷ) with ŷ = σ(z), lecture 001
        foreach (double z in new[] { -3.0, -0.5, 0, 0.7, 4 })
            foreach (int y in new[] { 0, 1 })
            {
                double p = 1 / (1 + Math.Exp(-z));
                Assert.Equal(-y * Math.Log(p) - (1 - y) * Math.Log(1 - p), BinaryCrossEntropy.FromScore(z, y), 12);
            }
        Assert.Equal(800, BinaryCrossEntropy.FromScore(-800, 1), 9);         // log σ(−800) underflows; the softplus form does not
        Assert.Equal(0, BinaryCrossEntropy.FromScore(800, 1), 12);
        Assert.True(double.IsFinite(BinaryCrossEntropy.FromScore(1e30, 0)));
    }

    [Fact]
    public void One_step_matches_the_gradient_x_times_yhat_minus_y()
    {
        // lecture 001: ∇w = x(ŷ − y). w = [0.5, −0.25], b = 0.1, x = [1, 2], y = 1: z = 0.1, ŷ = σ(0.1).
        var model = new LogisticRegression([0.5f, -0.25f], 0.1f, ["x1", "x2"], TwoClasses);
        var data = new Dataset([1f, 2f], [1], ["x1", "x2"], TwoClasses);
        var gradients = new[] { new float[2], new float[1] };
        double loss = model.Objective(data, gradients);
        double p = 1 / (1 + Math.Exp(-(double)0.1f));                      // z = 0.5·1 − 0.25·2 + 0.1 (float parameters)
        Assert.Equal(-Math.Log(p), loss, 12);
        Assert.Equal((float)(p - 1), gradients[1][0], 6);
        Assert.Equal((float)(1 * (p - 1)), gradients[0][0], 6);
        Assert.Equal((float)(2 * (p - 1)), gradients[0][1], 6);
    }

    [Fact]
    public void Equals_two_class_softmax_with_a_zero_first_row()
    {
        // lecture 002: softmax([0, z])₁ = σ(z), so logistic regression with (w, b) is softmax regression with W = [0; w], b = [0; b]
        var data = GradientCheck.RandomClassification(30, 3, 2, seed: 5);
        float[] w = [0.8f, -1.2f, 0.3f];
        var logistic = new LogisticRegression(w, 0.4f, data.FeatureNames, data.ClassNames);
        var softmax = new SoftmaxRegression([0f, 0f, 0f, .. w], [0f, 0.4f], data.FeatureNames, data.ClassNames);
        float[] pl = logistic.PredictProba(data.Features), ps = softmax.PredictProba(data.Features);
        for (int i = 0; i < pl.Length; i++) Assert.Equal(ps[i], pl[i], 1e-6f);
        Assert.Equal(softmax.Predict(data), logistic.Predict(data));
        Assert.Equal(softmax.Loss(data), logistic.Loss(data), 1e-6);

        var gl = new[] { new float[3], new float[1] };
        var gs = new[] { new float[6], new float[2] };
        Assert.Equal(softmax.Objective(data, gs, 0.1), logistic.Objective(data, gl, 0.1), 12);
        for (int j = 0; j < 3; j++) Assert.Equal(gs[0][3 + j], gl[0][j], 1e-6f);     // ∇ for class 1's row is logistic's ∇w
        Assert.Equal(gs[1][1], gl[1][0], 1e-6f);
    }

    [Fact]
    public void Sgd_agrees_with_pytorch_BCEWithLogitsLoss()
    {
        var c = TorchFamilyReference.Case("logistic");
        float[] x = c.Floats("X");
        int[] y = c.Floats("y").Select(v => (int)v).ToArray();
        var data = new Dataset(x, y, ["x1", "x2", "x3"], TwoClasses, "torch");
        var model = new LogisticRegression();
        var history = model.Fit(data, new TrainingOptions
        {
            LearningRate = (float)c.Double("lr"), BatchSize = (int)c.Double("batch"), Epochs = (int)c.Double("epochs"), Shuffle = false, Scaling = Scaling.None,
        });
        float[] losses = c.Floats("loss"), w = c.Floats("w");
        for (int e = 0; e < losses.Length; e++) Assert.Equal(losses[e], history.Epochs[e].TrainLoss, 5);
        for (int j = 0; j < w.Length; j++) Assert.Equal(w[j], model.Weights[j], 5);
        Assert.Equal(c.Floats("b")[0], model.Bias[0], 5);
    }

    [Fact]
    public void Threshold_moves_the_decision()
    {
        var data = GradientCheck.RandomClassification(40, 2, 2, seed: 3);
        var model = new LogisticRegression([1f, 1f], 0f, data.FeatureNames, data.ClassNames);
        int positivesAtHalf = model.Predict(data).Sum();
        model.Threshold = 0.9f;
        int positivesAtNinety = model.Predict(data).Sum();
        Assert.True(positivesAtNinety < positivesAtHalf);
        float[] p = model.PositiveProbability(data.Features);
        Assert.Equal(p.Select(v => v >= 0.9f ? 1 : 0), model.Predict(data));
        Assert.Throws<UserInputException>(() => model.Threshold = 1f);
    }

    [Fact]
    public void PredictProba_is_indexable_by_class_name()
    {
        var model = new LogisticRegression([2f], -1f, ["x"], ["T-shirt/top", "Trouser"]);
        var rows = model.PredictProbaByName([0.5f, 3f]);
        Assert.Equal(0.5f, rows[0]["Trouser"], 6);
        Assert.Equal(1f, rows[1]["T-shirt/top"] + rows[1]["Trouser"], 6);
        Assert.Equal("Trouser", rows[1].Predicted);
    }

    [Fact]
    public void Fits_the_lecture_iris_table_and_needs_two_classes()
    {
        var data = EmbeddedDatasets.Load("iris-1d-2c");
        var model = new LogisticRegression();
        model.Fit(data, new TrainingOptions { Epochs = 200, BatchSize = 1, Scaling = Scaling.Standardize });
        Assert.Equal(1.0, model.Score(data));
        var error = Assert.Throws<UserInputException>(() => new LogisticRegression().Fit(EmbeddedDatasets.Load("iris")));
        Assert.Contains("two classes", error.Message);
    }

    [Fact]
    public void Divergence_keeps_the_last_good_weights()
    {
        var data = new Dataset([1e6f, -1e6f, 2e6f, -2e6f], [1, 0, 1, 0], ["x"], TwoClasses);
        var model = new LogisticRegression();
        var error = Assert.Throws<UserInputException>(() => model.Fit(data, new TrainingOptions { LearningRate = 1e30f, Epochs = 5, BatchSize = 4, Shuffle = false }));
        Assert.Contains("diverged", error.Message);
        Assert.All(model.Weights, w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var data = GradientCheck.RandomClassification(100, 4, 2, seed: 9);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 8, Seed = 3, Initialization = Initialization.Random, Scaling = Scaling.Standardize };
        var a = new LogisticRegression();
        var b = new LogisticRegression();
        a.Fit(data, options);
        b.Fit(data, options);
        Assert.Equal(FloatBits.Of(a.Weights), FloatBits.Of(b.Weights));
        Assert.Equal(FloatBits.Of(a.Bias), FloatBits.Of(b.Bias));
    }

    [Fact]
    public void Fashion_mnist_tshirt_vs_trouser_reaches_097()
    {
        const string directory = "/usr/share/datasets/fashion-mnist";
        Assert.True(IdxReader.IsIdxDirectory(directory), $"Fashion-MNIST is not installed at {directory}");
        var (train, test) = IdxReader.ReadDirectory(directory);
        train = train.SelectClasses([0, 1]);
        test = test!.SelectClasses([0, 1]);
        Assert.Equal(["T-shirt/top", "Trouser"], train.ClassNames);
        var model = new LogisticRegression();
        model.Fit(train, new TrainingOptions { Epochs = 3, LearningRate = 0.1f, BatchSize = 32, Scaling = Scaling.Pixels });
        double accuracy = model.Score(test);
        Console.WriteLine($"logistic regression, Fashion-MNIST T-shirt/top vs Trouser: test accuracy {accuracy:F4} on {test.Rows} rows");
        Assert.True(accuracy >= 0.97, $"test accuracy {accuracy:F4}");
    }
}
