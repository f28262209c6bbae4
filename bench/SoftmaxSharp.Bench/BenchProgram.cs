using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using static SoftmaxSharp.Bench.Report;

namespace SoftmaxSharp.Bench;

/// <summary>
/// The benchmark: our training, inference and CSV parsing on Fashion-MNIST, against the machine's own
/// limits (measured last, so that its 256 MB buffer does not count in the peak memory of training).
/// Progress goes to <c>progress</c>, the tables (or the JSON) to <c>output</c> at the end.
/// </summary>
public static class BenchProgram
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter progress)
    {
        BenchOptions options;
        try { options = BenchOptions.Parse(args); }
        catch (ArgumentException e)
        {
            progress.WriteLine($"bench: {e.Message}");
            progress.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.EpochsOf is int batch)                                     // a child of TrainingBench.Epochs: one setup, its figures as JSON
        {
            output.WriteLine(JsonSerializer.Serialize(TrainingBench.EpochsOf(BenchData.Load(options).Train, batch, options.Repeat), Report.NaNAllowed));
            return 0;
        }
        Report report;
        try { report = Measure(options, progress); }
        catch (UserInputException e)                                           // e.g. no Fashion-MNIST at --data
        {
            progress.WriteLine($"bench: {e.Message} (Debian: apt-get install dataset-fashion-mnist)");
            return 2;
        }
        string? page = options.Peers ? Peers.RunAndCompare(options, report, progress) : null;
        if (options.JsonPath == "-") output.WriteLine(report.ToJson());
        else
        {
            report.WriteTables(output);
            if (options.JsonPath is string path) File.WriteAllText(path, report.ToJson());
        }
        if (page is not null)
        {
            File.WriteAllText(Path.ChangeExtension(page, ".json"), report.ToJson());
            progress.WriteLine($"results: {page} and {Path.ChangeExtension(page, ".json")}");
        }
        return 0;
    }

    public static Report Measure(BenchOptions options, TextWriter progress)
    {
        var report = new Report();
        var machine = MachineInfo.Describe();
        report.Machine = machine;
        report.Json["machine"] = ToNode(machine);
        report.Json["options"] = new JsonObject { ["repeat"] = options.Repeat, ["smoke"] = options.Smoke, ["parts"] = new JsonArray([.. options.Parts.Select(p => JsonValue.Create(p))]) };
        progress.WriteLine($"machine: {machine.Cpu} ({machine.CpuFamily}), {machine.Cores} cores, {machine.Flags}, {machine.Memory}; {machine.Runtime}; load {machine.LoadAverage}");

        var clock = Stopwatch.StartNew();
        var (train, test) = BenchData.Load(options);
        progress.WriteLine($"data: {train.Rows} × {train.Columns} train, {test.Rows} test, {train.Classes} classes, loaded in {clock.Elapsed.TotalSeconds:F2} s");
        report.Json["data"] = new JsonObject
        {
            ["source"] = train.Source, ["train_rows"] = train.Rows, ["test_rows"] = test.Rows, ["features"] = train.Columns, ["classes"] = train.Classes,
            ["in_memory_bytes"] = BenchData.InMemoryBytes(train) + BenchData.InMemoryBytes(test),
        };

        List<EpochFigures>? epochs = null;
        SoftmaxRegression? model = null;
        if (options.Runs("sgd"))
        {
            epochs = TrainingBench.Epochs(options, progress);
            progress.WriteLine("sgd: the lectures' setup end to end …");
            (var lecture, model) = TrainingBench.Lecture(train, test, runs: Math.Min(options.Repeat, 3), epochs: options.Smoke ? 2 : 10);
            progress.WriteLine("sgd: full batch, 100 steps …");
            var fullBatch = TrainingBench.FullBatch(train, test, options.Smoke ? 5 : 100);
            AddLecture(report, lecture, fullBatch, train, test);
        }
        if (options.Runs("lbfgs"))
        {
            progress.WriteLine("lbfgs: to 100 iterations and to tolerance …");
            AddLbfgs(report, LbfgsBench.Run(train, test, runs: options.Smoke ? 1 : Math.Min(options.Repeat, 3), options.Smoke));
        }
        model ??= TrainingBench.Lecture(train, test, runs: 0, epochs: 1).Model;
        if (options.Runs("predict"))
        {
            progress.WriteLine("predict: PredictProba over the test set …");
            AddPredict(report, PredictBench.Run(model, test.Features, runs: options.Smoke ? 5 : Math.Max(50, 10 * options.Repeat), warmUpMilliseconds: options.Smoke ? 0 : 2000));
        }
        if (options.Runs("csv"))
        {
            progress.WriteLine("csv: parsers and softmax predict …");
            AddCsv(report, test, model, runs: options.Smoke ? 1 : Math.Max(3, options.Repeat));
        }
        if (options.Runs("memory"))
        {
            progress.WriteLine("memory: softmax train in a process of its own, JIT and native AOT …");
            AddMemory(report, options, BenchData.InMemoryBytes(train) + BenchData.InMemoryBytes(test), progress);
        }
        MachineLimits? limits = null;
        if (options.Runs("limits"))
        {
            progress.WriteLine("limits: read bandwidth and FMA throughput …");
            limits = options.Smoke ? MachineLimits.Measure(8 << 20, 100_000, 1) : MachineLimits.Measure(256L << 20, 50_000_000, Math.Max(3, options.Repeat));
            AddLimits(report, limits);
        }
        if (epochs is not null) AddEpochs(report, epochs, limits);
        return report;
    }

    static void AddLimits(Report report, MachineLimits limits)
    {
        var table = report.AddTable("The machine's limits (best of several runs)", "threads", "read GB/s", $"FMA GFLOP/s (Vector{limits.VectorBits})");
        var json = new JsonArray();
        foreach (int threads in MachineLimits.ThreadCounts)
        {
            double read = limits.ReadBytesPerSecond[threads - 1], flops = limits.FlopsPerSecond[threads - 1];
            table.Add($"{threads}", F(read / 1e9, 1), F(flops / 1e9, 1));
            json.Add(new JsonObject { ["threads"] = threads, ["read_bytes_per_s"] = read, ["flops_per_s"] = flops });
        }
        table.Notes.Add($"read: Σ over a {limits.BufferBytes >> 20} MiB float buffer, each thread its half; FMA: 12 independent accumulator chains per thread.");
        report.Limits = limits;
        report.Json["limits"] = new JsonObject { ["vector_bits"] = limits.VectorBits, ["buffer_bytes"] = limits.BufferBytes, ["by_threads"] = json };
    }

    static void AddEpochs(Report report, List<EpochFigures> epochs, MachineLimits? limits)
    {
        var table = report.AddTable("Training epochs (median of the measured epochs; the first, warm-up epoch excluded)",
            "setup", "threads", "ms/epoch", "samples/s", "GB/s", "GFLOP/s", "limit ms", "of limit", "alloc/epoch", "round trip ns");
        var json = new JsonArray();
        foreach (var e in epochs)
        {
            double bound = limits?.BoundSeconds(e.EpochBytes, e.EpochFlops, e.Threads) ?? double.NaN;
            double samplesPerSecond = e.Rows / e.EpochSeconds;
            table.Add(e.Setup, $"{e.Threads}", F(e.EpochSeconds * 1e3, 1), N(samplesPerSecond), F(e.EpochBytes / e.EpochSeconds / 1e9, 2),
                F(e.EpochFlops / e.EpochSeconds / 1e9, 1), F(bound * 1e3, 1), double.IsNaN(bound) ? "–" : F(bound / e.EpochSeconds * 100, 0) + " %",
                $"{e.AllocatedPerEpoch:N0} B", e.Threads > 1 ? string.Join(" / ", e.RoundTripNanoseconds.Select(ns => F(ns, 0))) : "–");
            var node = ToNode(e);
            node["samples_per_s"] = samplesPerSecond;
            node["limit_seconds"] = double.IsNaN(bound) ? null : bound;
            node["fraction_of_limit"] = double.IsNaN(bound) ? null : bound / e.EpochSeconds;
            json.Add(node);
        }
        table.Notes.Add("GB/s: bytes of X read per epoch (pixels as stored, 1 byte each) / time; GFLOP/s: 4·n·k·d per epoch (forward 2nkd + gradient 2nkd) / time.");
        table.Notes.Add("limit: max(bytes / read bandwidth, FLOP / FMA rate) at the trainer's thread count; 'of limit' = limit / measured (100 % = at the machine's limit).");
        table.Notes.Add("alloc/epoch: bytes the training thread allocates per epoch (GC.GetAllocatedBytesForCurrentThread), median; JSON also has all threads.");
        table.Notes.Add("round trip: a cache line from one core to the other and back, median, just before / just after the run (two threads exchange W and ∇ every step).");
        report.Json["epochs"] = json;
        report.Epochs = epochs;
    }

    static void AddLecture(Report report, RunFigures lecture, RunFigures fullBatch, Dataset train, Dataset test)
    {
        double peak = Process.GetCurrentProcess().PeakWorkingSet64, dataset = BenchData.InMemoryBytes(train) + BenchData.InMemoryBytes(test);
        var table = report.AddTable("Training runs end to end", "setup", "runs", "seconds", "test accuracy", "final train loss");
        foreach (var run in new[] { lecture, fullBatch })
            table.Add(run.Setup, $"{run.Runs}", F(run.Seconds, 3), F(run.TestAccuracy, 4), F(run.FinalLoss, 4));
        table.Notes.Add($"peak working set after loading and training: {MB(peak)} MB; the data in memory (train + test, bytes + labels): {MB(dataset)} MB; ratio {F(peak / dataset, 2)}.");
        report.Lecture = lecture;
        report.FullBatch = fullBatch;
        report.PeakWorkingSetAfterTraining = peak;
        report.Json["lecture"] = ToNode(lecture);
        report.Json["full_batch"] = ToNode(fullBatch);
        report.Json["memory"] = new JsonObject { ["peak_working_set_bytes"] = peak, ["dataset_in_memory_bytes"] = dataset };
    }

    static void AddMemory(Report report, BenchOptions options, double datasetBytes, TextWriter progress)
    {
        // --smoke: the embedded default dataset (the bench's synthetic images are not on disk).
        string[] trainArgs = options.Smoke ? ["--epochs", "2"] : ["--data", options.DataDirectory, "--epochs", "10", "--batch-size", "32", "--lr", "0.1", "--optimizer", "sgd"];
        if (options.Smoke) datasetBytes = BenchData.InMemoryBytes(EmbeddedDatasets.Load(EmbeddedDatasets.Default));
        string jit = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "softmax.exe" : "softmax");
        var runs = MemoryBench.Run([("JIT-compiled (dotnet build, dotnet run)", jit), ("native AOT (the installed tool; dotnet publish -r linux-x64)", options.AotPath ?? BenchOptions.DefaultAotPath())], trainArgs, datasetBytes, progress);
        var table = report.AddTable("Peak memory: `softmax train` on the data, the lecture's setup, in a process of its own", "build", "seconds", "peak RSS MB", "data MB", "peak ÷ data");
        foreach (var run in runs)
            table.Add(run.Build, F(run.Seconds, 2), MB(run.PeakResidentBytes), MB(run.DatasetBytes), F(run.PeakResidentBytes / run.DatasetBytes, 2));
        if (runs.Count > 0) table.Notes.Add($"command: {runs[0].Command}; seconds: the whole process (start, reading the data, training, evaluation).");
        table.Notes.Add("peak RSS: the kernel's high-water mark of the resident set (VmHWM); data: train + test as the tool holds them (pixels as bytes, labels as ints); goal peak ÷ data ≤ 1.5.");
        report.Json["process_memory"] = ToNodes(runs);
    }

    static void AddLbfgs(Report report, List<LbfgsFigures> fits)
    {
        var table = report.AddTable("L-BFGS (full batch, J = mean CE + λ/2·‖W‖², λ = 1/(n·C), ‖∇J‖∞ ≤ 1e-4/n as scikit-learn's tol 1e-4 on n·J)",
            "setup", "runs", "seconds", "iterations", "evaluations", "objective J", "‖∇J‖∞", "converged", "test accuracy");
        foreach (var f in fits)
            table.Add(f.Setup, $"{f.Runs}", F(f.Seconds, 3), $"{f.Iterations}", $"{f.Evaluations}", f.Objective.ToString("F6", System.Globalization.CultureInfo.InvariantCulture),
                f.GradientNorm.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), f.Converged ? "yes" : "no", F(f.TestAccuracy, 4));
        report.Lbfgs = fits;
        report.Json["lbfgs"] = ToNodes(fits);
    }

    static void AddPredict(Report report, PredictFigures predict)
    {
        var table = report.AddTable($"Inference: PredictProba over {predict.Rows:N0} test images (median of {predict.Runs})", "call", "ms", "rows/s");
        table.Add("PredictProba(x) (allocates Ŷ)", F(predict.AllocatingSeconds * 1e3, 2), N(predict.Rows / predict.AllocatingSeconds));
        table.Add("PredictProba(x, Ŷ) (reused buffer)", F(predict.IntoBufferSeconds * 1e3, 2), N(predict.Rows / predict.IntoBufferSeconds));
        report.Json["predict"] = ToNode(predict);
    }

    static void AddCsv(Report report, Dataset test, SoftmaxRegression model, int runs)
    {
        string directory = Directory.CreateTempSubdirectory("softmaxsharp-bench-").FullName;
        try
        {
            string csv = CsvBench.WriteCsv(test, directory);
            var parsers = CsvBench.Parse(csv, runs);
            var predict = CsvBench.PredictEndToEnd(model, csv, test.Rows, runs);
            double fastest = parsers.Skip(1).Min(p => p.Seconds), ours = parsers[0].Seconds;
            double fastestCpu = parsers.Skip(1).Min(p => p.CpuSeconds), oursCpu = parsers[0].CpuSeconds;
            var table = report.AddTable($"CSV: {test.Rows:N0} × {test.Columns + 1} numeric CSV ({MB(parsers[0].FileBytes)} MB) into floats (median of {runs})",
                "parser", "ms", "MB/s", "CPU ms", "ours ÷ this (CPU)");
            foreach (var p in parsers) table.Add(p.Parser, F(p.Seconds * 1e3, 0), F(p.MegabytesPerSecond, 0), F(p.CpuSeconds * 1e3, 0), F(oursCpu / p.CpuSeconds, 2));
            table.Add("softmax predict end to end (in-process, --out file)", F(predict.Seconds * 1e3, 0), F(predict.FileBytes / predict.Seconds / 1e6, 0), "", "");
            table.Notes.Add($"ours takes {F(ours / fastest, 2)}× the fastest peer's time ({F(oursCpu / fastestCpu, 2)}× its CPU time; goal ≤ 2); parsing is {F(ours / predict.Seconds * 100, 0)} % of softmax predict's time.");
            table.Notes.Add("The parsers run in turn, a round at a time, after a warm-up run each: a run's time depends on the memory the process touched before it.");
            table.Notes.Add("CPU ms: the process's CPU time; the parsers run on one thread, so on a loaded machine it is the fairer figure.");
            table.Notes.Add("Sep reads all of a row's columns into floats at once (csFastFloat); its ParallelEnumerate, on both cores, is not what a one-pass reader compares with.");
            report.Json["csv"] = new JsonObject
            {
                ["file_bytes"] = parsers[0].FileBytes,
                ["parsers"] = ToNodes(parsers),
                ["ours_over_fastest_peer"] = ours / fastest,
                ["ours_over_fastest_peer_cpu"] = oursCpu / fastestCpu,
                ["predict_end_to_end"] = ToNode(predict),
            };
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
