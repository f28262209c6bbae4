using System.CommandLine;
using System.Globalization;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>
/// `softmax explain`: one gradient step on one sample, printed step by step as in the lectures.
/// With no parameters it runs lecture 000's worked example.
/// </summary>
static class ExplainCommand
{
    public static Command Create(TextWriter output)
    {
        var theta = new Option<string?>("--theta") { Description = "θ as rows separated by ';' and values by ',': first row the biases, then one row per feature; one column per class. Example: \"0.1,0.05;0.2,-0.1\"" };
        var x = new Option<string?>("--x") { Description = "The sample's features, separated by ',' (without the 1 for the bias). Example: 1.4" };
        var y = new Option<int?>("--y") { Description = "The sample's class index. Example: 0" };
        var lr = new Option<float>("--lr") { Description = "The learning rate η", DefaultValueFactory = _ => 0.1f };
        var command = new Command("explain", "One gradient step on one sample, step by step (default: the lectures' worked example)") { theta, x, y, lr };
        command.SetAction(parse =>
        {
            string? thetaText = parse.GetValue(theta), xText = parse.GetValue(x);
            int? label = parse.GetValue(y);
            SgdStep step;
            if (thetaText is null && xText is null && label is null)
            {
                output.WriteLine("The worked example of lecture 000: θ = [[0.1, 0.05], [0.2, −0.1]], x = 1.4, y = 0, η = 0.1.");
                step = SgdStep.Take(new float[,] { { 0.1f, 0.05f }, { 0.2f, -0.1f } }, [1.4f], 0, parse.GetValue(lr));
                Print(output, step);
                output.WriteLine();
                output.WriteLine("The lecture shows 3 decimals: ŷ and ∇θ rounded (0.615, −0.385, −0.539), θ' cut ([[0.138, 0.011], [0.253, −0.153]]).");
                return 0;
            }
            else
            {
                if (thetaText is null || xText is null || label is null)
                    throw new UserInputException("explain needs --theta, --x and --y together (or none of them for the lecture's example)", "Example: softmax explain --theta \"0.1,0.05;0.2,-0.1\" --x 1.4 --y 0 --lr 0.1");
                step = SgdStep.Take(ParseMatrix(thetaText), ParseVector(xText, "--x"), label.Value, parse.GetValue(lr));
            }
            Print(output, step);
            return 0;
        });
        return command;
    }

    static void Print(TextWriter output, SgdStep s)
    {
        int k = s.Scores.Length;
        var yOneHot = Enumerable.Range(0, k).Select(c => c == s.Label ? 1f : 0f).ToArray();
        output.WriteLine($"x = {Format.Vector(s.XWithOne, Format.Number)}   (the sample, with a 1 in front for the bias)");
        output.WriteLine($"θ = {Matrix(s.Theta, Format.Number)}   (first row: biases b; then one row per feature; one column per class)");
        output.WriteLine($"y = {s.Label} → one-hot {Format.Vector(yOneHot, Format.Number)}");
        output.WriteLine();
        Line(output, "1. z = θᵀx", Format.Vector(s.Scores, Format.Five));
        Line(output, "2. ŷ = softmax(z)", Format.Vector(s.Probabilities, Format.Five));
        Line(output, "3. L = −yᵀ log ŷ", Format.Five(s.Loss));
        Line(output, "4. ∂L/∂z = ŷ − y", Format.Vector(s.ScoreGradient, Format.Five));
        Line(output, "5. ∇θ = x(ŷ − y)ᵀ", Matrix(s.Gradient, Format.Five));
        Line(output, $"6. θ' = θ − η∇θ (η = {Format.Number(s.LearningRate)})", Matrix(s.UpdatedTheta, Format.Five));
    }

    static void Line(TextWriter output, string what, string value) => output.WriteLine($"{what,-28} = {value}");

    static string Matrix(float[,] m, Func<double, string> format) =>
        "[" + string.Join(", ", Enumerable.Range(0, m.GetLength(0)).Select(r =>
            "[" + string.Join(", ", Enumerable.Range(0, m.GetLength(1)).Select(c => format(m[r, c]))) + "]")) + "]";

    static float[] ParseVector(string text, string option) =>
        text.Split(',', StringSplitOptions.TrimEntries).Select(v =>
            float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f)
                ? f
                : throw new UserInputException($"{option}: '{v}' is not a number", "Separate numbers with ',' and use '.' for decimals")).ToArray();

    static float[,] ParseMatrix(string text)
    {
        var rows = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(r => ParseVector(r, "--theta")).ToArray();
        if (rows.Length == 0 || rows.Any(r => r.Length != rows[0].Length))
            throw new UserInputException("--theta: every row needs the same number of values (one per class)", "Example: --theta \"0.1,0.05;0.2,-0.1\"");
        var m = new float[rows.Length, rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[0].Length; c++) m[r, c] = rows[r][c];
        return m;
    }
}
