using System.Diagnostics;
using System.Text.Json;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Bench;

/// <summary>One batch size's epoch: median time over the measured epochs and what an epoch allocates.</summary>
/// <param name="Threads">threads the trainer uses for this batch size (two shards in parallel from 16 rows, on ≥ 2 cores)</param>
/// <param name="AllocatedPerEpoch">median bytes the training thread allocates in an epoch (GC.GetAllocatedBytesForCurrentThread)</param>
/// <param name="AllocatedPerEpochAllThreads">the same, all threads (GC.GetTotalAllocatedBytes)</param>
/// <param name="RoundTripNanoseconds">the cores' round trip (<see cref="CoreRoundTrip"/>) just before and just after the measured run</param>
public sealed record EpochFigures(string Setup, int Rows, int BatchSize, int Threads, int MeasuredEpochs, double EpochSeconds,
    double EpochBytes, double EpochFlops, double AllocatedPerEpoch, double AllocatedPerEpochAllThreads, double[] RoundTripNanoseconds);

/// <summary>A whole training run: the lectures' setup, timed from Fit's call to its return.</summary>
public sealed record RunFigures(string Setup, int Runs, double Seconds, double TestAccuracy, double FinalLoss);

/// <summary>Gradient-descent training on the bench data: per-epoch figures for several batch sizes and the lectures' setup end to end.</summary>
static class TrainingBench
{
    /// <summary>ShardedGradient.ParallelFrom: batches this large run their two shards on two threads.</summary>
    const int ParallelFromRows = 16;

    /// <summary>How long each setup warms up before it is measured.</summary>
    static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    /// <summary>The measured setups: name, batch size (0: the whole training set), measured epochs.</summary>
    static (string Name, int Batch, int Epochs)[] Setups(int repeat) =>
    [
        ("batch 1 (per-sample SGD)", 1, repeat),
        ("batch 32 (lecture)", 32, repeat),
        ("batch 256", 256, 2 * repeat),
        ("full batch", 0, 4 * repeat),
    ];

    /// <summary>
    /// Every setup's epochs, each in a process of its own (this program with --epochs-of), as a user's training run is. Run one after
    /// the other in one process, the later setups ran code the JIT had compiled while the earlier ones ran: batch 256 after per-sample
    /// SGD took 7.9–9.8 ms an epoch instead of 7.9–8.0 alone, and the bench once reported 14 ms.
    /// </summary>
    public static List<EpochFigures> Epochs(BenchOptions options, TextWriter progress)
    {
        var figures = new List<EpochFigures>();
        foreach (var (name, batch, _) in Setups(options.Repeat))
        {
            progress.WriteLine($"sgd: {name}, in a process of its own …");
            string host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";   // (under a test host too)
            var child = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
            child.ArgumentList.Add(typeof(TrainingBench).Assembly.Location);
            foreach (string arg in (string[])["--epochs-of", batch.ToString(), "--repeat", options.Repeat.ToString(), "--data", options.DataDirectory]) child.ArgumentList.Add(arg);
            if (options.Smoke) child.ArgumentList.Add("--smoke");
            using var process = Process.Start(child) ?? throw new InvalidOperationException("could not start the bench for an epoch setup");
            var error = process.StandardError.ReadToEndAsync();
            string json = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"the epochs of {name} failed (exit {process.ExitCode}): {error.Result}");
            figures.Add(JsonSerializer.Deserialize<EpochFigures>(json, Report.NaNAllowed) ?? throw new InvalidOperationException($"the epochs of {name}: no figures"));
        }
        return figures;
    }

    /// <summary>One setup's epochs (--epochs-of <paramref name="batch"/>, 0 for the full batch): a warm-up run, then the measured run.</summary>
    public static EpochFigures EpochsOf(Dataset train, int batch, int repeat)
    {
        int n = train.Rows, k = train.Classes, d = train.Columns;
        double bytes = BenchData.EpochBytes(train), flops = 4.0 * n * k * d;   // forward z = Wx: 2nkd; gradient ∇W += g xᵀ: 2nkd
        var (name, _, epochs) = Setups(repeat).Single(s => s.Batch == batch);
        if (batch == 0) batch = n;
        // Sized for every epoch up front: a list that grew inside OnEpoch would be counted as the epoch's allocation.
        var elapsed = new List<TimeSpan>(epochs + 1);
        var allocated = new List<long>(epochs + 1);
        var allocatedAll = new List<long>(epochs + 1);
        var options = new TrainingOptions
        {
            Epochs = epochs + 1, BatchSize = batch, LearningRate = 0.1f, Scaling = Scaling.Pixels,
            OnEpoch = e =>
            {
                elapsed.Add(e.Elapsed);
                allocated.Add(GC.GetAllocatedBytesForCurrentThread());
                allocatedAll.Add(GC.GetTotalAllocatedBytes(precise: true));
            },
        };
        // Warm-up runs first, for a second: the JIT compiles the methods called per batch optimized only after they have run a while
        // (tiered compilation, which waits for 100 ms without new methods), and one warm-up epoch inside the measured run is not enough.
        var warmUp = Stopwatch.StartNew();
        do new SoftmaxRegression().Fit(train, options with { Epochs = Math.Min(epochs + 1, 3), OnEpoch = null });
        while (warmUp.Elapsed < WarmUp);
        double roundTripBefore = CoreRoundTrip.MedianNanoseconds();
        new SoftmaxRegression().Fit(train, options);
        double roundTripAfter = CoreRoundTrip.MedianNanoseconds();
        // Epoch e's time is the clock at its end minus the clock at the previous epoch's end: the first (warm-up) epoch has no predecessor and is left out.
        var seconds = Enumerable.Range(1, epochs).Select(e => (elapsed[e] - elapsed[e - 1]).TotalSeconds);
        var bytesAllocated = Enumerable.Range(1, epochs).Select(e => (double)(allocated[e] - allocated[e - 1]));
        var bytesAllocatedAll = Enumerable.Range(1, epochs).Select(e => (double)(allocatedAll[e] - allocatedAll[e - 1]));
        int threads = batch >= ParallelFromRows && Environment.ProcessorCount > 1 ? 2 : 1;
        return new EpochFigures(name, n, Math.Min(batch, n), threads, epochs, Report.Median(seconds), bytes, flops,
            Report.Median(bytesAllocated), Report.Median(bytesAllocatedAll), [roundTripBefore, roundTripAfter]);
    }

    /// <summary>The lectures' setup: SGD, η = 0.1, batch 32, 10 epochs, pixels ÷ 255; median time of <paramref name="runs"/> runs after one warm-up run.</summary>
    public static (RunFigures Figures, SoftmaxRegression Model) Lecture(Dataset train, Dataset test, int runs, int epochs = 10)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 32, LearningRate = 0.1f, Scaling = Scaling.Pixels };
        var times = new List<double>();
        SoftmaxRegression model = new();
        TrainingHistory history = null!;
        for (int r = 0; r < runs + 1; r++)
        {
            model = new SoftmaxRegression();
            var clock = Stopwatch.StartNew();
            history = model.Fit(train, options);
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        return (new RunFigures($"SGD η 0.1, batch 32, {epochs} epochs", runs, Report.Median(times), model.Score(test), history.Epochs[^1].TrainLoss), model);
    }

    /// <summary>Full-batch gradient descent, η = 0.1, <paramref name="steps"/> steps (one per epoch), timed once (its epochs are measured above).</summary>
    public static RunFigures FullBatch(Dataset train, Dataset test, int steps)
    {
        var options = new TrainingOptions { Epochs = steps, BatchSize = train.Rows, LearningRate = 0.1f, Scaling = Scaling.Pixels };
        var model = new SoftmaxRegression();
        var clock = Stopwatch.StartNew();
        var history = model.Fit(train, options);
        return new RunFigures($"full batch η 0.1, {steps} steps", 1, clock.Elapsed.TotalSeconds, model.Score(test), history.Epochs[^1].TrainLoss);
    }
}
