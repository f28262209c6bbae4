using System.Text.Json;
using System.Text.Json.Nodes;
using SoftmaxSharp.Bench;

namespace SoftmaxSharp.Tests.Bench;

/// <summary>
/// The benchmark program runs every part on a tiny synthetic dataset (--smoke) and prints its tables, so it
/// cannot rot between the runs on a quiet machine. Nothing here is timed or compared against a time.
/// </summary>
public class BenchSmokeTests
{
    [Fact]
    public void Smoke_run_prints_a_table_for_every_part()
    {
        var output = new StringWriter();
        var progress = new StringWriter();

        int code = BenchProgram.Run(["--smoke", "--repeat", "1"], output, progress);

        Assert.True(code == 0, progress.ToString());
        string text = output.ToString();
        foreach (string title in new[] { "## The machine's limits", "## Training epochs", "## Training runs end to end", "## L-BFGS", "## Inference: PredictProba", "## CSV:", "## Peak memory" })
            Assert.Contains(title, text);
        foreach (string setup in new[] { "batch 1 (per-sample SGD)", "batch 32 (lecture)", "batch 256", "full batch", "SoftmaxSharp CsvReader", "Sylvan.Data.Csv", "CsvHelper", "softmax predict end to end", "JIT-compiled (dotnet build, dotnet run)" })
            Assert.Contains(setup, text);
    }

    [Fact]
    public void Epoch_figures_of_a_one_core_machine_go_through_json()
    {
        // On one core there is no round trip between cores (NaN); the child process that times the epochs writes its figures as
        // JSON for the parent, and System.Text.Json refuses NaN unless told otherwise (the bench used to crash there).
        var figures = new EpochFigures("full batch", 100, 100, 1, 2, 0.01, 1e4, 1e6, 0, 0, [double.NaN, double.NaN]);

        var back = JsonSerializer.Deserialize<EpochFigures>(JsonSerializer.Serialize(figures, Report.NaNAllowed), Report.NaNAllowed)!;

        Assert.All(back.RoundTripNanoseconds, ns => Assert.True(double.IsNaN(ns)));
        Assert.Equal(figures.EpochSeconds, back.EpochSeconds);
        Assert.Contains("NaN", Report.ToNode(figures).ToJsonString());   // and the results page's JSON keeps it too
    }

    [Fact]
    public void Json_holds_the_figures_of_the_selected_parts_only()
    {
        var output = new StringWriter();

        int code = BenchProgram.Run(["--smoke", "--repeat", "1", "--only", "sgd,predict", "--json", "-"], output, new StringWriter());

        Assert.Equal(0, code);
        var json = JsonNode.Parse(output.ToString())!.AsObject();
        var epochs = json["epochs"]!.AsArray();
        Assert.Equal(4, epochs.Count);
        Assert.All(epochs, e => Assert.True(e!["epoch_seconds"]!.GetValue<double>() > 0));
        Assert.True(json["lecture"]!["test_accuracy"]!.GetValue<double>() > 0.5);   // the synthetic classes are easy to learn
        Assert.True(json["predict"]!["into_buffer_seconds"]!.GetValue<double>() > 0);
        Assert.False(json.ContainsKey("csv"));
        Assert.False(json.ContainsKey("limits"));
    }

    [Fact]
    public void Missing_data_is_one_line_and_exit_2()
    {
        var progress = new StringWriter();

        int code = BenchProgram.Run(["--data", "/nonexistent/fashion-mnist", "--only", "predict"], new StringWriter(), progress);

        Assert.Equal(2, code);
        Assert.Contains("bench: /nonexistent/fashion-mnist: directory not found", progress.ToString());
        Assert.DoesNotContain("   at ", progress.ToString());
    }

    [Theory]
    [InlineData("--only", "gpu")]
    [InlineData("--repeat", "0")]
    [InlineData("--frobnicate")]
    public void A_bad_option_prints_the_usage_and_exits_2(params string[] args)
    {
        var progress = new StringWriter();

        int code = BenchProgram.Run(args, new StringWriter(), progress);

        Assert.Equal(2, code);
        Assert.Contains("usage: SoftmaxSharp.Bench", progress.ToString());
    }
}
