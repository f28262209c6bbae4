using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace SoftmaxSharp.Cli;

/// <summary>Progress of a long pass over rows (predict into a file): on a terminal a live "N rows, R rows/s" status; elsewhere, or with --quiet, nothing.</summary>
sealed class RowsProgress(TextWriter output, bool quiet)
{
    readonly bool _interactive = !quiet && Terminal.IsInteractive(output);

    /// <summary>Runs <paramref name="run"/>, which reports the rows done so far through the callback it is given (null off a terminal).</summary>
    public T Run<T>(string what, Func<Action<long>?, T> run)
    {
        if (!_interactive) return run(null);
        T result = default!;
        var clock = Stopwatch.StartNew();
        Terminal.For(output, interactive: true).Status().Start(what, context =>
        {
            result = run(rows => context.Status(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {rows:N0} rows, {rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} rows/s"))));
        });
        return result;
    }
}
