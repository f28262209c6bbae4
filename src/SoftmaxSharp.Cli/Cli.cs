using System.CommandLine;

namespace SoftmaxSharp.Cli;

/// <summary>
/// The `softmax` command line: one verb per file, each parses its options, calls the library and prints.
/// Exit codes: 0 success, 2 a problem with the user's input (one line on stderr), 1 a bug.
/// </summary>
public static class Cli
{
    /// <summary>The package version (Directory.Build.props), as `softmax --version` prints it.</summary>
    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show the stack trace of internal errors", Recursive = true };
        var root = new RootCommand("softmax — softmax regression (multinomial logistic regression), fast and exact.")
        {
            TrainCommand.Create(stdout),
            PredictCommand.Create(stdout),
            EvaluateCommand.Create(stdout),
            ExplainCommand.Create(stdout),
            DatasetsCommand.Create(stdout),
            ExportCommand.Create(stdout),
            GradcheckCommand.Create(stdout),
        };
        root.Options.Add(verbose);

        if (args is ["--version"])   // the tool's version, also when run in-process (where the entry assembly is another)
        {
            stdout.WriteLine(Version);
            return 0;
        }
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string verb = parse.CommandResult.Command == root ? "" : " " + parse.CommandResult.Command.Name;
            string message = string.Join(" ", parse.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            stderr.WriteLine($"softmax{verb}: {message} Run 'softmax{verb} --help' for the options.");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UserInputException e)
        {
            stdout.Flush();
            stderr.WriteLine($"softmax: {e.Message}");
            return 2;
        }
        catch (Exception e)
        {
            stdout.Flush();
            stderr.WriteLine(parse.GetValue(verbose)
                ? $"softmax: internal error: {e}"
                : $"softmax: internal error: {e.Message} (this is a bug; run with --verbose for the stack trace and report it)");
            return 1;
        }
    }
}
