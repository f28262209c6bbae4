namespace SoftmaxSharp.Tests.Cli;

/// <summary>Runs `softmax` in-process and captures what it prints.</summary>
static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SoftmaxSharp.Cli.Cli.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
