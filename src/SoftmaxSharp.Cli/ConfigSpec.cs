using System.Globalization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Optimizers;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Cli;

/// <summary>
/// A configuration written as option strings, e.g. "name=b1,batch-size=1,lr=0.05": the keys are train's option
/// names without the dashes and each changes one <see cref="TrainingOptions"/> property of the base options.
/// </summary>
static class ConfigSpec
{
    /// <summary>key → how its value changes the options. Branches that add options add a line here (e.g. optimizer=adam, layers=2, l2=0.001).</summary>
    static readonly Dictionary<string, Func<TrainingOptions, string, TrainingOptions>> Keys = new()
    {
        ["lr"] = (o, v) => o with { LearningRate = Float(v, "lr") },
        ["batch-size"] = (o, v) => o with { BatchSize = Int(v, "batch-size") },
        ["epochs"] = (o, v) => o with { Epochs = Int(v, "epochs") },
        ["seed"] = (o, v) => o with { Seed = Int(v, "seed") },
        ["init"] = (o, v) => o with { Initialization = v switch { "zeros" => Initialization.Zeros, "random" => Initialization.Random, _ => throw Bad("init", v, "zeros or random") } },
        ["shuffle"] = (o, v) => o with { Shuffle = v switch { "true" or "yes" => true, "false" or "no" => false, _ => throw Bad("shuffle", v, "true or false") } },
        ["label-smoothing"] = (o, v) => o with { LabelSmoothing = Float(v, "label-smoothing") },
        ["scale"] = (o, v) => o with { Scaling = FeatureScaler.ParseKind(v) },
        ["optimizer"] = (o, v) => o with { Optimizer = ParseOptimizer(v) },
        ["l2"] = (o, v) => o with { L2 = Float(v, "l2") },
    };

    /// <summary>The keys a configuration may set, for help and messages (name and hidden are handled apart).</summary>
    public static string KeyList => "name, hidden, " + string.Join(", ", Keys.Keys);

    /// <summary>Named experiments (seed 003's comparisons) as lists of configurations; the base options (--epochs, --lr, --batch-size) fill in the rest.</summary>
    public static readonly IReadOnlyDictionary<string, (string Description, string[] Configurations)> Experiments = new Dictionary<string, (string, string[])>
    {
        ["batch"] = ("per-sample SGD (batch size 1) against mini-batches of 32", ["name=batch 1,batch-size=1", "name=batch 32,batch-size=32"]),
        ["layers-batch"] = ("one layer (softmax regression) or two (a hidden ReLU layer of 10), batch size 1 or 32: seed 003's l1_b1, l1_b32, l2_b1, l2_b32",
            ["name=l1_b1,batch-size=1", "name=l1_b32,batch-size=32", "name=l2_b1,hidden=10,batch-size=1", "name=l2_b32,hidden=10,batch-size=32"]),
        ["optimizers"] = ("SGD (η 0.1), momentum 0.9 (η 0.01), Adagrad (η 0.01), RMSprop (η 0.001), Adam (η 0.001) on softmax regression, batch size 32",
            ["name=SGD,optimizer=sgd,lr=0.1,batch-size=32", "name=momentum,optimizer=momentum,lr=0.01,batch-size=32", "name=Adagrad,optimizer=adagrad,lr=0.01,batch-size=32",
             "name=RMSprop,optimizer=rmsprop,lr=0.001,batch-size=32", "name=Adam,optimizer=adam,lr=0.001,batch-size=32"]),
    };

    public static Configuration Parse(string spec, TrainingOptions baseOptions)
    {
        var options = baseOptions;
        string? name = null;
        int[]? hidden = null;
        foreach (string part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            string key = equals < 0 ? part : part[..equals].Trim().TrimStart('-'), value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            if (key == "name") name = value;
            else if (key == "hidden" && equals >= 0) hidden = value.Split(';', '/').Select(size => Int(size, "hidden")).ToArray();
            else if (Keys.TryGetValue(key, out var apply) && equals >= 0) options = apply(options, value);
            else throw new UserInputException($"--config '{spec}': '{part}' is not key=value with a known key",
                $"Keys: {KeyList}; e.g. --config \"name=b1,batch-size=1\"");
        }
        if (hidden is not null && hidden.Any(size => size < 1)) throw Bad("hidden", string.Join(";", hidden), "layer sizes ≥ 1 separated by ';'");
        return new Configuration(name ?? spec, options, hidden);
    }

    static OptimizerKind ParseOptimizer(string value) =>
        Enum.TryParse<OptimizerKind>(value, ignoreCase: true, out var kind) && !int.TryParse(value, out _) ? kind
            : throw Bad("optimizer", value, "one of " + string.Join(", ", Enum.GetNames<OptimizerKind>().Select(n => n.ToLowerInvariant())));

    static int Int(string value, string key) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(key, value, "a whole number");

    static float Float(string value, string key) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : throw Bad(key, value, "a number");

    static UserInputException Bad(string key, string value, string what) =>
        new($"--config: {key}={value} is not {what}", $"e.g. --config \"{key}=…\" with {what}");
}
