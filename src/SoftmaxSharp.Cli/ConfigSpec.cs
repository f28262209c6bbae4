using System.Globalization;
using SoftmaxSharp.Data;
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
    };

    /// <summary>
    /// Named experiments (seed 003's comparisons) as lists of configurations.
    /// To add when their options land: "layers-batch" = { name=l1_b1,layers=1,batch-size=1 · name=l1_b32,layers=1,batch-size=32 ·
    /// name=l2_b1,layers=2,batch-size=1 · name=l2_b32,layers=2,batch-size=32 } (branch net: a 'layers' key) and
    /// "optimizers" = { optimizer=sgd · optimizer=momentum · optimizer=adagrad · optimizer=rmsprop · optimizer=adam }, each with batch-size=32 (branch optim: an 'optimizer' key).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Description, string[] Configurations)> Experiments = new Dictionary<string, (string, string[])>
    {
        ["batch"] = ("per-sample SGD (batch size 1) against mini-batches of 32, as in seed 003", ["name=batch 1,batch-size=1", "name=batch 32,batch-size=32"]),
    };

    public static Configuration Parse(string spec, TrainingOptions baseOptions)
    {
        var options = baseOptions;
        string? name = null;
        foreach (string part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            string key = equals < 0 ? part : part[..equals].Trim().TrimStart('-'), value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            if (key == "name") name = value;
            else if (Keys.TryGetValue(key, out var apply) && equals >= 0) options = apply(options, value);
            else throw new UserInputException($"--config '{spec}': '{part}' is not key=value with a known key",
                $"Keys: name, {string.Join(", ", Keys.Keys)}; e.g. --config \"name=b1,batch-size=1\"");
        }
        return new Configuration(name ?? spec, options);
    }

    static int Int(string value, string key) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(key, value, "a whole number");

    static float Float(string value, string key) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : throw Bad(key, value, "a number");

    static UserInputException Bad(string key, string value, string what) =>
        new($"--config: {key}={value} is not {what}", $"e.g. --config \"{key}=…\" with {what}");
}
