namespace SoftmaxSharp.Bench;

/// <summary>The bench's command line: which parts to run, how often, and where to write the JSON.</summary>
public sealed record BenchOptions
{
    /// <summary>Every part, in the order they run.</summary>
    public static readonly string[] AllParts = ["sgd", "lbfgs", "predict", "csv", "memory", "limits"];

    public string DataDirectory { get; init; } = "/usr/share/datasets/fashion-mnist";
    public IReadOnlySet<string> Parts { get; init; } = new HashSet<string>(AllParts);
    /// <summary>Measured epochs (or runs) per setup; the warm-up is extra and not counted.</summary>
    public int Repeat { get; init; } = 5;
    /// <summary>A tiny synthetic dataset and small buffers: checks the plumbing in seconds (tests use it).</summary>
    public bool Smoke { get; init; }
    /// <summary>Also run the PyTorch and scikit-learn scripts of bench/peers and print the ratios.</summary>
    public bool Peers { get; init; }
    /// <summary>With <see cref="Peers"/>: skip scikit-learn to convergence (about two minutes).</summary>
    public bool Quick { get; init; }
    public string? JsonPath { get; init; }
    /// <summary>With <see cref="Peers"/>: where to write the results page (bench/results/&lt;date&gt;-&lt;machine&gt;.md).</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>Only the epochs of this batch size (0: the full batch), printed as JSON: how the bench runs each epoch setup in a process of its own.</summary>
    public int? EpochsOf { get; init; }

    /// <summary>The native-AOT `softmax` for the memory part (default: where bench/run.sh publishes it).</summary>
    public string? AotPath { get; init; }

    public static string DefaultAotPath() => Path.Combine(SoftmaxSharp.Bench.Peers.RepositoryRoot(), "bench", "SoftmaxSharp.Bench", "bin", "aot", "softmax");

    public bool Runs(string part) => Parts.Contains(part);

    public const string Usage = """
        usage: SoftmaxSharp.Bench [options]
          --data DIR        Fashion-MNIST IDX directory (default /usr/share/datasets/fashion-mnist)
          --only PARTS      comma-separated subset of: limits,sgd,lbfgs,predict,csv,memory (default: all)
          --repeat N        measured epochs/runs per setup, after one warm-up (default 5)
          --aot FILE        the native-AOT softmax for the memory part (default bench/SoftmaxSharp.Bench/bin/aot/softmax)
          --json FILE       also write every figure as JSON ('-' for standard output, then no table)
          --smoke           tiny synthetic data and buffers: checks that every part runs (seconds)
          --peers           also run bench/peers (PyTorch, scikit-learn) and print ratios; writes bench/results/
          --quick           with --peers: skip scikit-learn to convergence
          --results DIR     with --peers: where the results page goes (default bench/results)
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the problem.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--data" => options with { DataDirectory = Value() },
                "--only" => options with { Parts = ParseParts(Value()) },
                "--repeat" => options with { Repeat = int.TryParse(Value(), out int n) && n >= 1 ? n : throw new ArgumentException("--repeat needs a whole number ≥ 1") },
                "--json" => options with { JsonPath = Value() },
                "--aot" => options with { AotPath = Value() },
                "--smoke" => options with { Smoke = true },
                "--peers" => options with { Peers = true },
                "--quick" => options with { Quick = true },
                "--results" => options with { ResultsDirectory = Value() },
                "--epochs-of" => options with { EpochsOf = int.TryParse(Value(), out int b) && b >= 0 ? b : throw new ArgumentException("--epochs-of needs a batch size ≥ 0") },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }

    static HashSet<string> ParseParts(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        foreach (string part in parts)
            if (!AllParts.Contains(part)) throw new ArgumentException($"unknown part '{part}' (parts: {string.Join(",", AllParts)})");
        return parts;
    }
}
