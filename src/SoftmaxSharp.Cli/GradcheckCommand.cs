using System.CommandLine;
using System.Globalization;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax gradcheck`: a model's analytic gradient against central finite differences on a small random problem.</summary>
static class GradcheckCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Option<string>("--model") { Description = "The model to check: softmax, logistic, linear (½·squared error) or linear-mae", DefaultValueFactory = _ => "softmax" };
        model.AcceptOnlyFromAmong("softmax", "logistic", "linear", "linear-mae");
        var seed = new Option<int>("--seed") { Description = "Seeds the random problem (data and parameters)", DefaultValueFactory = _ => 0 };
        var l2 = new Option<double>("--l2") { Description = "λ of the L2 penalty λ/2·‖W‖² included in the objective", DefaultValueFactory = _ => 0 };
        var rows = new Option<int>("--rows") { Description = "Rows of the random problem", DefaultValueFactory = _ => 20 };
        var features = new Option<int>("--features") { Description = "Features of the random problem", DefaultValueFactory = _ => 4 };
        var threshold = new Option<double>("--threshold") { Description = "Fail (exit 1) when a block's max relative error exceeds this", DefaultValueFactory = _ => GradientCheck.DefaultThreshold };
        var command = new Command("gradcheck", "Compare a model's analytic gradient with central finite differences (double precision) on a small random problem") { model, seed, l2, rows, features, threshold };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(rows), d = parse.GetValue(features), s = parse.GetValue(seed);
            if (n < 1 || d < 1) throw new UserInputException($"--rows and --features must be at least 1 (got {n} and {d})", "Use e.g. --rows 20 --features 4");
            if (!(parse.GetValue(l2) >= 0)) throw new UserInputException($"--l2 must be ≥ 0 (got {parse.GetValue(l2)})", "Use e.g. --l2 0.01");
            if (!(parse.GetValue(threshold) > 0)) throw new UserInputException($"--threshold must be positive (got {parse.GetValue(threshold)})", "Use e.g. --threshold 1e-4");
            string name = parse.GetValue(model)!;
            var (checkedModel, data, description) = Problem(name, n, d, s);
            GradientCheck.Randomize(checkedModel, s + 1);
            var result = GradientCheck.Run(checkedModel, data, parse.GetValue(l2), threshold: parse.GetValue(threshold));

            output.WriteLine($"Gradient check of {description} on a random problem ({n} rows × {d} features, seed {s}, λ = {Format.Number(parse.GetValue(l2))}): "
                + $"central differences with h = {GradientCheck.DefaultStep.ToString(CultureInfo.InvariantCulture)}, J = {result.Objective.ToString("G6", CultureInfo.InvariantCulture)}");
            output.WriteLine($"{"block",-6} {"size",5}  {"max |∇|",10}  {"max abs err",11}  {"max rel err",11}");
            foreach (var block in result.Blocks)
                output.WriteLine($"{block.Name,-6} {block.Size,5}  {E(block.MaxAbsGradient),10}  {E(block.MaxAbsoluteError),11}  {E(block.MaxRelativeError),11}");
            output.WriteLine(result.Passed
                ? $"PASS: every relative error ≤ {E(result.Threshold)}"
                : $"FAIL: max relative error {E(result.MaxRelativeError)} > {E(result.Threshold)}");
            return result.Passed ? 0 : 1;
        });
        return command;
    }

    static (IDifferentiableModel Model, Dataset Data, string Description) Problem(string name, int n, int d, int seed)
    {
        switch (name)
        {
            case "softmax":
                var data = GradientCheck.RandomClassification(n, d, 3, seed);
                return (new SoftmaxRegression(new float[3 * d], new float[3], data.FeatureNames, data.ClassNames), data, "softmax regression (3 classes)");
            case "logistic":
                data = GradientCheck.RandomClassification(n, d, 2, seed);
                return (new LogisticRegression(new float[d], 0, data.FeatureNames, data.ClassNames), data, "logistic regression");
            default:
                data = GradientCheck.RandomRegression(n, d, seed);
                var loss = name == "linear-mae" ? RegressionLoss.Mae : RegressionLoss.Mse;
                return (new LinearRegression(new float[d], 0, data.FeatureNames, "y", loss: loss), data, $"linear regression ({(loss == RegressionLoss.Mse ? "½·squared" : "absolute")} error)");
        }
    }

    static string E(double value) => value.ToString("0.00E+00", CultureInfo.InvariantCulture);
}
