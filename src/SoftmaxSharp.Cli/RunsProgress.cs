using System.Globalization;
using Spectre.Console;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>
/// Progress of several training runs at once (compare, tune): on a terminal one live bar per run with its
/// latest loss and accuracy; elsewhere nothing while they run (runs finish in any order, and the output must
/// not depend on it) — the results table follows, in a fixed order.
/// </summary>
sealed class RunsProgress(TextWriter output, bool quiet, IReadOnlyList<Configuration> configurations, int rows)
{
    readonly bool _interactive = !quiet && Terminal.IsInteractive(output);
    ProgressTask[]? _tasks;

    public T Run<T>(Func<Action<int, EpochResult>?, T> run)
    {
        if (!_interactive) return run(null);
        T result = default!;
        Terminal.For(output, interactive: true).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _tasks = configurations.Select(c => context.AddTask(Markup.Escape(c.Name), maxValue: c.Options.Epochs)).ToArray();
                result = run(OnEpoch);
            });
        return result;
    }

    void OnEpoch(int run, EpochResult e)
    {
        var task = _tasks![run];
        task.Value = e.Epoch;
        double rate = e.Elapsed.TotalSeconds > 0 ? e.Epoch * (double)rows / e.Elapsed.TotalSeconds : 0;
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{configurations[run].Name}: epoch {e.Epoch}/{configurations[run].Options.Epochs}  loss {e.TrainLoss:F4}  val acc {e.ValidationAccuracy:F4}  {rate:N0} samples/s"));
    }
}
