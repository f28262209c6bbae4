using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Training;

public class SgdStepTests
{
    const double Tolerance = 1e-5;

    // Lecture 000: θ = [[0.1, 0.05], [0.2, −0.1]] (row 0 the biases), x = 1.4, y = 0, η = 0.1.
    static readonly SgdStep Step = SgdStep.LectureExample();

    [Fact]
    public void LectureExample_Scores()
    {
        Assert.Equal(0.38, Step.Scores[0], Tolerance);           // 0.1 + 0.2 · 1.4
        Assert.Equal(-0.09, Step.Scores[1], Tolerance);          // 0.05 − 0.1 · 1.4
    }

    [Fact]
    public void LectureExample_Probabilities()
    {
        Assert.Equal(0.61538, Step.Probabilities[0], Tolerance);
        Assert.Equal(0.38462, Step.Probabilities[1], Tolerance);
    }

    [Fact]
    public void LectureExample_Loss()
    {
        Assert.Equal(0.48551, Step.Loss, Tolerance);              // −log 0.61538
    }

    [Fact]
    public void LectureExample_ScoreGradient()
    {
        Assert.Equal(-0.38462, Step.ScoreGradient[0], Tolerance); // ŷ₀ − 1
        Assert.Equal(0.38462, Step.ScoreGradient[1], Tolerance);  // ŷ₁ − 0
    }

    [Fact]
    public void LectureExample_Gradient()
    {
        AssertMatrix(new double[,] { { -0.38462, 0.38462 }, { -0.53846, 0.53846 } }, Step.Gradient);
    }

    [Fact]
    public void LectureExample_UpdatedTheta()
    {
        AssertMatrix(new double[,] { { 0.13846, 0.01154 }, { 0.25385, -0.15385 } }, Step.UpdatedTheta);
    }

    [Fact]
    public void LectureExample_RecordsItsInputsInTheLecturesLayout()
    {
        Assert.Equal([1f, 1.4f], Step.XWithOne);
        Assert.Equal(0, Step.Label);
        Assert.Equal(0.1f, Step.LearningRate);
        AssertMatrix(new double[,] { { 0.1, 0.05 }, { 0.2, -0.1 } }, Step.Theta);
    }

    [Fact]
    public void Take_WithTwoFeaturesAndThreeClasses_MatchesTheFormulaByHand()
    {
        float[,] theta = { { 0.1f, -0.2f, 0.3f }, { 0.5f, 0.1f, -0.4f }, { -0.3f, 0.2f, 0.6f } };
        float[] x = [2f, -1f];

        SgdStep step = SgdStep.Take(theta, x, 2, 0.5f);

        double[] z = new double[3];
        for (int c = 0; c < 3; c++) z[c] = theta[0, c] + theta[1, c] * x[0] + theta[2, c] * x[1];
        double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
        double[] p = z.Select(v => Math.Exp(v - max) / sum).ToArray();
        double[] xWithOne = [1, x[0], x[1]];
        for (int c = 0; c < 3; c++)
        {
            double dz = p[c] - (c == 2 ? 1 : 0);
            Assert.Equal(z[c], step.Scores[c], Tolerance);
            Assert.Equal(p[c], step.Probabilities[c], Tolerance);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(xWithOne[j] * dz, step.Gradient[j, c], Tolerance);
                Assert.Equal(theta[j, c] - 0.5 * xWithOne[j] * dz, step.UpdatedTheta[j, c], Tolerance);
            }
        }
        Assert.Equal(-Math.Log(p[2]), step.Loss, Tolerance);
    }

    [Fact]
    public void Take_RejectsInputsThatDoNotFit()
    {
        float[,] theta = { { 0.1f, 0.05f }, { 0.2f, -0.1f } };

        Assert.Throws<UserInputException>(() => SgdStep.Take(theta, [1f, 2f], 0, 0.1f));        // θ needs d + 1 rows
        Assert.Throws<UserInputException>(() => SgdStep.Take(theta, [1f], 2, 0.1f));            // label beyond k
        Assert.Throws<UserInputException>(() => SgdStep.Take(theta, [1f], 0, 0f));              // η ≤ 0
        Assert.Throws<UserInputException>(() => SgdStep.Take(new float[,] { { 1f }, { 2f } }, [1f], 0, 0.1f)); // one class
    }

    static void AssertMatrix(double[,] expected, float[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= Tolerance, $"[{i}, {j}]: expected {expected[i, j]}, got {actual[i, j]}");
    }
}
