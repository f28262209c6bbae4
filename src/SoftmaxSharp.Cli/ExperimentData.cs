using System.CommandLine;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Cli;

/// <summary>The data options `compare` and `tune` share: what to train on and what to validate on.</summary>
sealed class ExperimentData
{
    public readonly Option<string> Data = new("--data", "-d") { Description = DataSource.Help, DefaultValueFactory = _ => EmbeddedDatasets.Default };
    public readonly Option<string?> Label = new("--label") { Description = "The CSV label column: a header name or a 1-based number (default: the last column)" };
    public readonly Option<double> ValidationSplit = new("--validation-split") { Description = "The fraction of --data held out to validate on", DefaultValueFactory = _ => 0.2 };
    public readonly Option<int> TrainRows = new("--train-rows") { Description = "Train on the first N rows only (after the split), e.g. 5000 as in seed 003; 0 = all" };
    public readonly Option<int> ValidationRows = new("--validation-rows") { Description = "Validate on the first N validation rows only; 0 = all" };
    public readonly Option<string> Scale = CreateScale();

    static Option<string> CreateScale()
    {
        var scale = new Option<string>("--scale") { Description = "Feature scaling: auto (pixels for IDX images, else standardize), none, standardize, minmax, pixels", DefaultValueFactory = _ => "auto" };
        scale.AcceptOnlyFromAmong("auto", "none", "standardize", "minmax", "pixels");
        return scale;
    }

    public IEnumerable<Option> All => [Data, Label, ValidationSplit, TrainRows, ValidationRows, Scale];

    /// <summary>Train and validation sets: a stratified split of --data by <paramref name="seed"/>, or its test files when <paramref name="useTestFiles"/>.</summary>
    public (Dataset Train, Dataset Validation, string Description) Load(ParseResult parse, int seed, bool useTestFiles)
    {
        string name = parse.GetValue(Data)!;
        double split = parse.GetValue(ValidationSplit);
        if (!(split > 0 && split < 1)) throw new UserInputException($"--validation-split must be between 0 and 1 (got {split})", "Use e.g. --validation-split 0.2");
        int trainRows = parse.GetValue(TrainRows), validationRows = parse.GetValue(ValidationRows);
        if (trainRows < 0 || validationRows < 0) throw new UserInputException("--train-rows and --validation-rows must be ≥ 0", "Use 0 for all rows");
        var (all, test) = DataSource.LoadLabelled(name, parse.GetValue(Label));
        Dataset train, validation;
        string description;
        if (useTestFiles && test is not null)
        {
            (train, validation, description) = (all, test, "its test files");
        }
        else
        {
            (train, validation) = all.Split(split, seed);
            description = $"a {Format.Number(split * 100)}% split of the training data (seed {seed})";
        }
        if (trainRows > 0 && trainRows < train.Rows) train = train.Subset(Enumerable.Range(0, trainRows).ToArray());
        if (validationRows > 0 && validationRows < validation.Rows) validation = validation.Subset(Enumerable.Range(0, validationRows).ToArray());
        return (train, validation, description);
    }

    public global::SoftmaxSharp.Data.Scaling ScalingOf(ParseResult parse) => parse.GetValue(Scale) is "auto" or null
        ? DataSource.IsImages(parse.GetValue(Data)!) ? global::SoftmaxSharp.Data.Scaling.Pixels : global::SoftmaxSharp.Data.Scaling.Standardize
        : FeatureScaler.ParseKind(parse.GetValue(Scale)!);
}
