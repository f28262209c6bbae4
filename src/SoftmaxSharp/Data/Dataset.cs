namespace SoftmaxSharp.Data;

/// <summary>
/// A labelled table: features X [n, d] row-major (one sample per row) and labels y [n] as class
/// indices 0..k−1, with the names of the features and of the classes. Image data may be kept as
/// bytes (<see cref="Pixels"/>), a quarter of the memory of floats; the trainer reads them as they are.
/// </summary>
public sealed class Dataset
{
    float[]? _features;

    public Dataset(float[] features, int[] labels, string[] featureNames, string[] classNames, string source = "")
        : this(features.Length, labels, featureNames, classNames, source) => _features = features;

    /// <summary>
    /// A regression table: features X [n, d] and a numeric target t [n] (<see cref="Targets"/>), named <paramref name="targetName"/>.
    /// It has no classes: <see cref="Labels"/> are all 0 and <see cref="ClassNames"/> is empty.
    /// </summary>
    public static Dataset Regression(float[] features, float[] targets, string[] featureNames, string targetName, string source = "")
    {
        foreach (float t in targets)
            if (!float.IsFinite(t)) throw new UserInputException($"{source}: the target '{targetName}' holds {t}", "Targets must be finite numbers");
        return new Dataset(features.Length, new int[targets.Length], featureNames, [], source, targets) { _features = features, TargetName = targetName };
    }

    /// <summary>A dataset of byte features (image pixels 0..255) [n, d].</summary>
    public Dataset(byte[] pixels, int[] labels, string[] featureNames, string[] classNames, string source = "")
        : this(pixels.Length, labels, featureNames, classNames, source) => Pixels = pixels;

    Dataset(long values, int[] labels, string[] featureNames, string[] classNames, string source, float[]? targets = null)
    {
        int d = featureNames.Length;
        if (d == 0) throw new ArgumentException("a dataset needs at least one feature");
        if (values != (long)labels.Length * d)
            throw new ArgumentException($"features has {values} values, expected {labels.Length} rows × {d} features");
        if (targets is null)
            foreach (int label in labels)
                if ((uint)label >= (uint)classNames.Length) throw new ArgumentException($"label {label} is not in 0..{classNames.Length - 1}");
        Targets = targets;
        Labels = labels;
        FeatureNames = featureNames;
        ClassNames = classNames;
        Source = source;
    }

    /// <summary>X [n, d], row-major. For byte data this makes (once) a float copy, 4× the bytes' memory.</summary>
    public float[] Features
    {
        get
        {
            if (_features is null)
            {
                var features = new float[Pixels!.Length];
                Kernels.Conversions.BytesToFloats(Pixels, features);
                _features = features;
            }
            return _features;
        }
    }

    /// <summary>X [n, d] as bytes, when the dataset holds byte features (images); otherwise null.</summary>
    public byte[]? Pixels { get; }
    /// <summary>y [n], class indices.</summary>
    public int[] Labels { get; }
    /// <summary>[d]</summary>
    public string[] FeatureNames { get; }
    /// <summary>t [n], the numeric target of a regression table (<see cref="Regression"/>); null for classification data.</summary>
    public float[]? Targets { get; }
    /// <summary>The target column's name, with <see cref="Targets"/>.</summary>
    public string? TargetName { get; private init; }
    /// <summary>Whether this is a regression table (numeric targets, no classes).</summary>
    public bool IsRegression => Targets is not null;
    /// <summary>[k]</summary>
    public string[] ClassNames { get; }
    /// <summary>s [n], a weight per sample in the loss (e.g. a CSV's weight column); null when every row weighs 1.</summary>
    public float[]? SampleWeights { get; private set; }

    /// <summary>The same data with sample weights s [n] (finite, ≥ 0; the rows are shared, not copied).</summary>
    public Dataset WithSampleWeights(float[]? weights)
    {
        if (weights is not null)
        {
            if (weights.Length != Rows) throw new ArgumentException($"{weights.Length} sample weights for {Rows} rows");
            for (int i = 0; i < weights.Length; i++)
                if (!(weights[i] >= 0) || !float.IsFinite(weights[i]))
                    throw new UserInputException($"{Source}: the weight of row {i + 1} is {weights[i]}", "Sample weights must be finite numbers ≥ 0");
        }
        var copy = Targets is not null ? Regression(Features, Targets, FeatureNames, TargetName!, Source)
            : Pixels is not null
            ? new Dataset(Pixels, Labels, FeatureNames, ClassNames, Source)
            : new Dataset(Features, Labels, FeatureNames, ClassNames, Source);
        copy.SampleWeights = weights;
        return copy;
    }

    Dataset WithSampleWeightsShared(float[]? weights)
    {
        SampleWeights = weights;
        return this;
    }

    /// <summary>Where the data came from (a path or an embedded dataset's name), for messages.</summary>
    public string Source { get; }

    /// <summary>n, the number of samples.</summary>
    public int Rows => Labels.Length;
    /// <summary>d, the number of features.</summary>
    public int Columns => FeatureNames.Length;
    /// <summary>k, the number of classes.</summary>
    public int Classes => ClassNames.Length;

    /// <summary>xᵢ [d] (for byte data, see <see cref="Features"/>).</summary>
    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Columns, Columns);

    /// <summary>Copies xᵢ [d] as floats into <paramref name="destination"/>, from either storage.</summary>
    public void CopyRow(int i, Span<float> destination)
    {
        if (Pixels is not null) Kernels.Conversions.BytesToFloats(Pixels.AsSpan(i * Columns, Columns), destination);
        else _features.AsSpan(i * Columns, Columns).CopyTo(destination);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order, as a new dataset with the same names.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices, string? source = null)
    {
        int d = Columns;
        var y = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) y[i] = Labels[indices[i]];
        float[]? s = null;
        if (SampleWeights is not null)
        {
            s = new float[indices.Length];
            for (int i = 0; i < indices.Length; i++) s[i] = SampleWeights[indices[i]];
        }
        if (Pixels is not null)
        {
            var pixels = new byte[indices.Length * d];
            for (int i = 0; i < indices.Length; i++) Pixels.AsSpan(indices[i] * d, d).CopyTo(pixels.AsSpan(i * d, d));
            return new Dataset(pixels, y, FeatureNames, ClassNames, source ?? Source) { SampleWeights = s };
        }
        var x = new float[indices.Length * d];
        for (int i = 0; i < indices.Length; i++) _features.AsSpan(indices[i] * d, d).CopyTo(x.AsSpan(i * d, d));
        if (Targets is not null)
        {
            var t = new float[indices.Length];
            for (int i = 0; i < indices.Length; i++) t[i] = Targets[indices[i]];
            return Regression(x, t, FeatureNames, TargetName!, source ?? Source).WithSampleWeightsShared(s);
        }
        return new Dataset(x, y, FeatureNames, ClassNames, source ?? Source) { SampleWeights = s };
    }

    /// <summary>
    /// Splits into a training and a test part: a shuffled permutation (seeded, so repeatable) whose
    /// last ⌊n·testFraction⌉ rows form the test set. Each class keeps its share in both parts
    /// (stratified), so a small table like the lectures' Iris tables keeps every class in training.
    /// </summary>
    public (Dataset Train, Dataset Test) Split(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new UserInputException($"test fraction {testFraction} is not between 0 and 1", "Use a value such as 0.2 for 20% test data");
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        for (int c = 0; c < Math.Max(Classes, IsRegression ? 1 : 0); c++)   // regression: one group, all rows
        {
            var members = Enumerable.Range(0, Rows).Where(i => Labels[i] == c).ToArray();
            random.Shuffle(members);
            int testCount = (int)Math.Round(members.Length * testFraction);
            if (members.Length > 1) testCount = Math.Clamp(testCount, 1, members.Length - 1);
            else testCount = 0;
            test.AddRange(members.AsSpan(0, testCount));
            train.AddRange(members.AsSpan(testCount));
        }
        var trainRows = train.ToArray();
        var testRows = test.ToArray();
        random.Shuffle(trainRows);
        random.Shuffle(testRows);
        if (testRows.Length == 0)
            throw new UserInputException($"{Source}: {Rows} rows are too few to hold out {testFraction:P0} for testing", "Use more data, or give a test file with --test");
        return (Subset(trainRows, Source + " (train split)"), Subset(testRows, Source + " (test split)"));
    }
}
