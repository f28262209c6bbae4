using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>
/// Shows training's progress: on a terminal a live bar (epoch, loss, accuracy, samples/s, time left) under
/// the per-epoch lines; elsewhere (pipes, CI, tests) only the plain per-epoch lines; with --quiet nothing.
/// The library reports through <see cref="TrainingOptions.OnEpoch"/>; this renders it.
/// </summary>
sealed class TrainProgress
{
    public static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "No progress: neither the live display nor the per-epoch lines" };

    readonly TextWriter _output;
    readonly bool _quiet, _interactive;
    readonly int _epochs, _rows;
    readonly string _header;
    readonly Func<EpochResult, string> _line;
    IAnsiConsole? _console;
    ProgressTask? _task;
    int _firstEpoch = -1;

    /// <param name="rows">training rows per epoch, for samples/s</param>
    /// <param name="header">the per-epoch table's header (default: epoch, loss, accuracy, test loss, test acc)</param>
    /// <param name="line">an epoch's line under that header</param>
    /// <param name="interactive">null: live when <paramref name="output"/> is a terminal</param>
    public TrainProgress(TextWriter output, bool quiet, int epochs, int rows, string? header = null, Func<EpochResult, string>? line = null, bool? interactive = null)
    {
        _header = header ?? $"{"epoch",6}  {"loss",9}  {"accuracy",8}  {"test loss",9}  {"test acc",8}";
        _line = line ?? (e => $"{e.Epoch,6}  {e.TrainLoss,9:F5}  {e.TrainAccuracy,8:F4}  {e.ValidationLoss,9:F5}  {e.ValidationAccuracy,8:F4}");
        _output = output;
        _quiet = quiet;
        _epochs = epochs;
        _rows = rows;
        _interactive = !quiet && (interactive ?? Terminal.IsInteractive(output));
    }

    /// <summary>Runs <paramref name="train"/> (which passes <see cref="OnEpoch"/> to the library) under the live display, if any.</summary>
    public T Run<T>(Func<T> train)
    {
        if (!_quiet) _output.WriteLine(_header);
        if (!_interactive) return train();
        _console = Terminal.For(_output, interactive: true);
        T result = default!;
        _console.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(context =>
            {
                _task = context.AddTask("starting…", maxValue: _epochs);
                result = train();
            });
        return result;
    }

    public void OnEpoch(EpochResult e)
    {
        if (_quiet) return;
        string line = _line(e);
        if (_task is null || _console is null)
        {
            _output.WriteLine(line);
            return;
        }
        _console.WriteLine(line);                                // above the live bar
        if (_firstEpoch < 0) _firstEpoch = e.Epoch - 1;          // a resumed run starts later
        _task.Value = e.Epoch;
        _task.Description = Markup.Escape(Status(e, _firstEpoch, _epochs, _rows));
    }

    /// <summary>"epoch 3/10  loss 0.51234  acc 0.8123  48,000 samples/s  0:12 left".</summary>
    public static string Status(EpochResult e, int firstEpoch, int epochs, int rows)
    {
        int done = e.Epoch - firstEpoch;
        double seconds = e.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? done * (double)rows / seconds : 0;
        var left = TimeSpan.FromSeconds(done > 0 ? seconds / done * (epochs - e.Epoch) : 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}/{epochs}  loss {e.TrainLoss:F5}  acc {e.TrainAccuracy:F4}  {rate:N0} samples/s  {(int)left.TotalMinutes}:{left.Seconds:00} left");
    }
}
