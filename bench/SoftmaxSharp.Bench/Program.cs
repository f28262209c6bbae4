using System.Diagnostics;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Training;

// Fashion-MNIST training and inference times of SoftmaxSharp on this machine: median of repeated runs.
string directory = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
var clock = Stopwatch.StartNew();
var (train, test) = IdxReader.ReadDirectory(directory);
Console.WriteLine($"Fashion-MNIST loaded in {clock.Elapsed.TotalSeconds:F2} s: {train.Rows} × {train.Columns} train, {test!.Rows} test; {Environment.ProcessorCount} cores");

var scaled = FeatureScaler.Fit(Scaling.Pixels, train.Features, train.Columns).Transform(train);
double epochBytes = (double)train.Features.Length * sizeof(float);
double epochFlops = 2.0 * 2 * train.Rows * train.Columns * train.Classes;   // forward z = Wx and backward ∇W += g xᵀ

Console.WriteLine($"{"setup",-28} {"epochs",6} {"total s",8} {"ms/epoch",9} {"samples/s",11} {"GB/s",6} {"GFLOP/s",8} {"test acc",8}");
Run("SGD batch 32 (lecture)", 32, 10, 3);
Run("SGD batch 1 (per-sample)", 1, 1, 3);
Run("SGD batch 256", 256, 10, 3);
Run("full batch", train.Rows, 20, 3);

var model = new SoftmaxRegression();
model.Fit(train, new TrainingOptions { Epochs = 1, Scaling = Scaling.Pixels });
var times = new List<double>();
for (int i = 0; i < 20; i++)
{
    clock.Restart();
    model.PredictProba(test.Features);
    times.Add(clock.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"PredictProba on {test.Rows} test images: {Median(times):F2} ms (median of 20)");

void Run(string name, int batch, int epochs, int repeats)
{
    var times = new List<double>();
    double accuracy = 0;
    for (int i = 0; i < repeats; i++)
    {
        var model = new SoftmaxRegression();
        clock.Restart();
        model.Fit(scaled, new TrainingOptions { Epochs = epochs, BatchSize = batch, LearningRate = 0.1f, Scaling = Scaling.None });
        times.Add(clock.Elapsed.TotalSeconds);
        accuracy = model.Score(FeatureScaler.Fit(Scaling.Pixels, test.Features, test.Columns).Transform(test));
    }
    double seconds = Median(times), perEpoch = seconds / epochs;
    Console.WriteLine($"{name,-28} {epochs,6} {seconds,8:F3} {perEpoch * 1000,9:F1} {train.Rows / perEpoch,11:N0} {epochBytes / perEpoch / 1e9,6:F1} {epochFlops / perEpoch / 1e9,8:F1} {accuracy,8:F4}");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
