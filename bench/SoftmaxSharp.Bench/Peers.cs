using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using static SoftmaxSharp.Bench.Report;

namespace SoftmaxSharp.Bench;

/// <summary>
/// The tools users would otherwise pick, run on the same machine right after ours: bench/peers/torch_sgd.py
/// (PyTorch, the lectures' loop and full batch) and bench/peers/sklearn_lbfgs.py (scikit-learn's lbfgs),
/// each a separate /usr/bin/python3 process printing one JSON line. Prints one table with the ratios and
/// writes bench/results/&lt;date&gt;-&lt;machine&gt;.md.
/// </summary>
static class Peers
{
    const string Python = "/usr/bin/python3";

    /// <returns>the path of the results page</returns>
    public static string RunAndCompare(BenchOptions options, Report report, TextWriter progress)
    {
        string root = RepositoryRoot();
        string peers = Path.Combine(root, "bench", "peers");
        var runs = new List<(string Name, string Script, string[] Args)>
        {
            ("PyTorch: the lectures' loop", "torch_sgd.py", ["--setup", "lecture", "--threads", "2"]),
            ("PyTorch: full batch, 100 steps", "torch_sgd.py", ["--setup", "full", "--threads", "2"]),
            ("scikit-learn lbfgs, C = 1, max_iter 100", "sklearn_lbfgs.py", ["--C", "1", "--tol", "1e-4", "--max-iter", "100"]),
        };
        if (!options.Quick) runs.Add(("scikit-learn lbfgs, C = 1, to tol 1e-4 (max_iter 1000)", "sklearn_lbfgs.py", ["--C", "1", "--tol", "1e-4", "--max-iter", "1000"]));
        var results = new JsonObject();
        var theirs = new Dictionary<string, JsonObject?>();
        foreach (var (name, script, args) in runs)
        {
            progress.WriteLine($"peers: {name} …");
            var result = RunScript(Path.Combine(peers, script), [.. args, "--data", options.DataDirectory], progress);
            theirs[name] = result;
            results[name] = result?.DeepClone();
        }
        report.Json["peers"] = results;

        var table = report.AddTable("Side by side: theirs and ours on this machine, in this run",
            "theirs", "their s", "their acc", "their peak MB", "ours", "our s", "our acc", "ours × faster");
        var lecture = report.Lecture;
        var full = report.FullBatch;
        var lbfgs100 = report.Lbfgs?.FirstOrDefault(f => f.MaxIterations == 100);
        var lbfgsTol = report.Lbfgs?.FirstOrDefault(f => f.MaxIterations > 100);
        Row(table, runs[0].Name, theirs[runs[0].Name], lecture?.Setup, lecture?.Seconds, lecture?.TestAccuracy);
        Row(table, runs[1].Name, theirs[runs[1].Name], full?.Setup, full?.Seconds, full?.TestAccuracy);
        Row(table, runs[2].Name, theirs[runs[2].Name], lbfgs100 is null ? null : "L-BFGS, max 100 iterations", lbfgs100?.Seconds, lbfgs100?.TestAccuracy);
        // To scikit-learn's optimum: its fit to tol 1e-4 against the time our path (same J, λ = 1/(n·C)) first comes within 1e-4 of its J.
        double? theirJ = options.Quick ? null : theirs.GetValueOrDefault(runs[^1].Name)?["objective"]?.GetValue<double>();
        var reached = theirJ is { } target ? lbfgsTol?.FirstWithin(target, 1e-4) : null;
        if (!options.Quick)
            Row(table, runs[3].Name, theirs[runs[3].Name],
                lbfgsTol is null ? null : reached is { } at ? $"L-BFGS to its J (1e-4 relative): {at.Iteration} iterations" : $"L-BFGS, {lbfgsTol.Iterations} iterations (not within 1e-4 of its J)",
                reached?.Seconds ?? lbfgsTol?.Seconds, lbfgsTol?.TestAccuracy);
        if (report.Epochs is { } epochs && report.Limits is { } limits)
            foreach (var e in epochs.Where(e => e.BatchSize >= 256))
            {
                double bound = limits.BoundSeconds(e.EpochBytes, e.EpochFlops, e.Threads);
                table.Add($"the machine's limit: one epoch, {e.Threads} threads", F(bound, 4), "", "", $"{e.Setup}, one epoch", F(e.EpochSeconds, 4), "", F(bound / e.EpochSeconds, 2));
            }
        table.Notes.Add("ours × faster = their seconds ÷ our seconds (for the limit rows: limit ÷ ours, 1 = at the limit).");
        if (lbfgsTol is not null && theirJ is { } j)
            table.Notes.Add($"L-BFGS to scikit-learn's optimum: its J {j:F6} (tol 1e-4, max_iter 1000); ours " +
                (reached is { } r ? $"{r.Objective:F6} after {r.Iteration} iterations, {r.Seconds:F3} s (relative {(r.Objective - j) / Math.Abs(j):E1}), " : "") +
                $"{lbfgsTol.Objective:F6} after all {lbfgsTol.Iterations} ({lbfgsTol.Seconds:F3} s); goal: within 1e-4 of its J, ≥ 20× faster.");
        if (lecture is not null) table.Notes.Add($"our peak working set after training: {MB(report.PeakWorkingSetAfterTraining)} MB (the bench process, before its 256 MB bandwidth buffer).");

        string directory = options.ResultsDirectory ?? Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{DateTime.UtcNow:yyyy-MM-dd}-{report.Machine?.Slug() ?? "machine"}.md");
        File.WriteAllText(path, ResultsPage.Markdown(report, theirs.Values.OfType<JsonObject>(), options));
        return path;
    }

    static void Row(Report.Table table, string theirName, JsonObject? theirs, string? ourName, double? ourSeconds, double? ourAccuracy)
    {
        double their = theirs?["seconds"]?.GetValue<double>() ?? double.NaN;
        double accuracy = theirs?["test_accuracy"]?.GetValue<double>() ?? double.NaN;
        double peak = theirs?["peak_rss_bytes"]?.GetValue<double>() / 1e6 ?? theirs?["peak_rss_mb"]?.GetValue<double>() * 1.048576 ?? double.NaN;
        double ours = ourSeconds ?? double.NaN;
        table.Add(theirName, theirs is null ? "did not run" : F(their, 3), F(accuracy, 4), F(peak, 0), ourName ?? "(part not run)", F(ours, 3), F(ourAccuracy ?? double.NaN, 4), F(their / ours, 1));
    }

    /// <summary>Runs a peer script; its last line of standard output is its JSON. Null (and the reason on progress) when it fails.</summary>
    static JsonObject? RunScript(string script, string[] args, TextWriter progress)
    {
        if (!File.Exists(Python)) { progress.WriteLine($"peers: {Python} not found"); return null; }
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(script)! };
        start.ArgumentList.Add(script);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            progress.WriteLine($"peers: {Path.GetFileName(script)} failed ({process.ExitCode}): {error.Result.Trim().Split('\n').LastOrDefault()} " +
                "(does /usr/bin/python3 have Debian's python3-torch and python3-sklearn? apt-get install python3-torch python3-sklearn)");
            return null;
        }
        string? json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        try { return json is null ? null : JsonNode.Parse(json)?.AsObject(); }
        catch (System.Text.Json.JsonException) { progress.WriteLine($"peers: {Path.GetFileName(script)} printed no JSON: {json}"); return null; }
    }

    /// <summary>The directory holding SoftmaxSharp.slnx: above the current directory, else above the bench's binaries.</summary>
    public static string RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "SoftmaxSharp.slnx"))) return directory.FullName;
        throw new InvalidOperationException("SoftmaxSharp.slnx not found above the current directory: run the bench from the repository");
    }
}

/// <summary>bench/results/&lt;date&gt;-&lt;machine&gt;.md: the machine, the versions, and every table of the run.</summary>
static class ResultsPage
{
    public static string Markdown(Report report, IEnumerable<JsonObject> peers, BenchOptions options)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var m = report.Machine!;
        text.WriteLine($"# SoftmaxSharp benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.WriteLine();
        text.WriteLine("| | |");
        text.WriteLine("|---|---|");
        text.WriteLine($"| CPU | {m.Cpu} ({m.CpuFamily}) |");
        text.WriteLine($"| cores | {m.Cores} |");
        text.WriteLine($"| vector flags | {m.Flags} (widest .NET vector: {m.VectorWidth}; the products and the pixel conversion use Vector512 where accelerated, with the numbers of Vector256) |");
        text.WriteLine($"| memory | {m.Memory} |");
        text.WriteLine($"| OS | {m.OperatingSystem} |");
        text.WriteLine($"| .NET | {m.Runtime} |");
        foreach (var peer in peers.DistinctBy(p => p["system"]?.ToString()))
            text.WriteLine($"| {peer["system"]} | {peer["version"]?.ToString() ?? "(version in the name)"} {(peer["threads"] is JsonNode t ? $"({t} threads)" : "")} |");
        text.WriteLine($"| load average at the start | {m.LoadAverage} |");
        text.WriteLine($"| command | `bench/run.sh{(options.Quick ? " --quick" : "")}` (repeat {options.Repeat}) |");
        text.WriteLine();
        text.WriteLine("Times are medians (epochs: of the measured epochs after one warm-up epoch; runs: of the runs after a warm-up run); limits are the best of several runs.");
        text.WriteLine();
        foreach (var table in report.Tables) table.WriteMarkdown(text);
        return text.ToString();
    }
}
