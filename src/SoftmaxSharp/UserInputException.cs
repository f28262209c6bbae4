namespace SoftmaxSharp;

/// <summary>
/// A problem with what the user gave us (a file, a value, an option), as opposed to a bug.
/// Carries where it is (file, line, column, when known) and what to do about it; the CLI prints
/// <see cref="Exception.Message"/> as one line and exits with code 2.
/// </summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string problem, string? hint = null, string? file = null, long line = 0, int column = 0, Exception? inner = null)
        : base(Compose(problem, hint, file, line, column), inner)
    {
        Problem = problem;
        Hint = hint;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
    /// <summary>What to do about it.</summary>
    public string? Hint { get; }
    public string? File { get; }
    /// <summary>1-based line, 0 when not known.</summary>
    public long Line { get; }
    /// <summary>1-based column, 0 when not known.</summary>
    public int Column { get; }

    static string Compose(string problem, string? hint, string? file, long line, int column)
    {
        string where = file is null ? "" : line > 0 ? column > 0 ? $"{file}:{line}:{column}: " : $"{file}:{line}: " : $"{file}: ";
        return hint is null ? where + problem : $"{where}{problem}. {hint}";
    }
}
