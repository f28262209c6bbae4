using System.Numerics.Tensors;
using SoftmaxSharp.Core;
using SoftmaxSharp.Kernels;
using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Models;

/// <summary>
/// Softmax regression (multinomial logistic regression): ŷ = softmax(Wx + b), trained by gradient
/// descent on the mean cross-entropy. W [k, d] is class-major (row c holds class c's weights) and
/// b [k] holds the biases; the lectures' θ [(d+1), k] is [bᵀ; Wᵀ].
/// Inputs are raw features: the model applies its stored <see cref="Scaler"/> itself.
/// </summary>
public sealed partial class SoftmaxRegression : IClassifier
{
    float[]? _weights;
    float[]? _bias;

    /// <summary>An untrained model; call <see cref="Fit"/>.</summary>
    public SoftmaxRegression() { }

    /// <summary>A model with the given parameters (a loaded file, or the lectures' worked example).</summary>
    /// <param name="weights">W [k, d], class-major</param>
    /// <param name="bias">b [k]</param>
    public SoftmaxRegression(float[] weights, float[] bias, string[] featureNames, string[] classNames, FeatureScaler? scaler = null)
    {
        int k = bias.Length, d = featureNames.Length;
        if (k < 1 || classNames.Length != k) throw new ArgumentException($"{k} biases but {classNames.Length} class names");
        if (weights.Length != k * d) throw new ArgumentException($"W has {weights.Length} values, expected {k} classes × {d} features");
        scaler ??= FeatureScaler.Identity(d);
        if (scaler.Shift.Length != d) throw new ArgumentException($"the scaler is for {scaler.Shift.Length} features, the model has {d}");
        _weights = weights;
        _bias = bias;
        FeatureNames = featureNames;
        ClassNames = classNames;
        Scaler = scaler;
    }

    /// <summary>W [k, d], class-major.</summary>
    public float[] Weights => _weights ?? throw NotFitted();
    /// <summary>b [k].</summary>
    public float[] Bias => _bias ?? throw NotFitted();
    /// <summary>[d]</summary>
    public string[] FeatureNames { get; private set; } = [];
    /// <summary>[k]</summary>
    public string[] ClassNames { get; private set; } = [];
    /// <summary>The feature rescaling fitted on the training data, applied to every input.</summary>
    public FeatureScaler Scaler { get; private set; } = FeatureScaler.Identity(0);
    /// <summary>d</summary>
    public int Features => FeatureNames.Length;
    /// <summary>k</summary>
    public int Classes => ClassNames.Length;
    public bool IsFitted => _weights is not null;

    /// <summary>
    /// Fits the scaler on <paramref name="train"/>, initializes W and b, and runs gradient descent, or with
    /// <see cref="Solver.Lbfgs"/> minimizes J = mean CE + λ/2·‖W‖² by full-batch L-BFGS (<see cref="TrainingHistory.Lbfgs"/> says how it ended).
    /// With <see cref="TrainingOptions.WarmStart"/> on a trained (or loaded) model it continues from the
    /// current W, b and scaler instead: the data must have the model's features and classes.
    /// Returns the loss and accuracy per epoch (and on <paramref name="validation"/>, or the part held out by
    /// <see cref="TrainingOptions.ValidationSplit"/>, when given), the best epoch and why the run stopped.
    /// With <paramref name="resume"/> (a checkpoint of a run with the same data and options) training goes
    /// on from its epoch and ends bit-identical to a run that was never interrupted.
    /// If training diverges, the model keeps the weights of the last good epoch and the error is rethrown.
    /// </summary>
    public TrainingHistory Fit(Dataset train, TrainingOptions? options = null, Dataset? validation = null, TrainingCheckpoint? resume = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        if (train.Rows == 0)
            throw new UserInputException($"{train.Source}: the training data has no rows", "Give data with at least one row per class");
        if (train.IsRegression)
            throw new UserInputException($"{train.Source}: the data has a numeric target ({train.TargetName}), not classes", "Train linear regression on it (--model linear)");
        if (train.Classes < 2)
            throw new UserInputException($"{train.Source}: the training data has only one class ({train.ClassNames.FirstOrDefault()})", "Softmax regression needs at least two classes");
        if (validation is not null && (validation.Columns != train.Columns || !validation.ClassNames.SequenceEqual(train.ClassNames)))
            throw new UserInputException($"{validation.Source}: the validation data does not match the training data ({validation.Columns} features, classes {string.Join(", ", validation.ClassNames)})",
                "Give validation data with the same columns and classes as the training data");
        if (options.ValidationSplit > 0)
        {
            if (validation is not null)
                throw new UserInputException("both validation data and a validation split were given", "Give validation data or a ValidationSplit, not both");
            (train, validation) = HoldOutValidation(train, options);
        }
        if (options.Patience > 0 && validation is null)
            throw new UserInputException("early stopping (a patience) needs validation data", "Hold some out with e.g. --validation-split 0.1");
        int k = train.Classes, d = train.Columns;
        if (options.ClassWeights is not null && options.ClassWeights.Length != k)
            throw new UserInputException($"{options.ClassWeights.Length} class weights for {k} classes ({string.Join(", ", train.ClassNames)})", "Give one weight per class");
        var random = new SeededRandom(options.Seed);
        FeatureScaler scaler;
        float[] weights, bias;
        if (options.WarmStart && IsFitted)
        {
            CheckColumns(train);
            scaler = Scaler;                                       // the scaler stays: W was learned on its scale
            weights = AlignedArrays.Copy(Weights);               // 64-byte aligned: the kernels never split a load or store across lines
            bias = (float[])Bias.Clone();
        }
        else
        {
            scaler = FeatureScaler.Fit(options.Scaling, train);
            weights = AlignedArrays.Floats(k * d);
            if (options.Initialization == Initialization.Random)
                for (int i = 0; i < weights.Length; i++) weights[i] = 0.01f * (float)NormalSample(random);
            bias = new float[k];
        }
        if (resume is not null && options.Solver == Solver.Lbfgs)
            throw new UserInputException("an L-BFGS run cannot be resumed from a checkpoint", "Train again with L-BFGS: it is full batch and fast, or resume a gradient-descent run");
        if (resume is not null)
        {
            if (resume.Weights.Length != k * d || resume.Bias.Length != k || resume.Epoch < 0 || resume.Epoch > options.Epochs || resume.History.Length != resume.Epoch)
                throw new UserInputException($"the checkpoint (epoch {resume.Epoch} of {options.Epochs}, {resume.Bias.Length} classes) does not fit this data ({k} classes × {d} features)",
                    "Resume with the data the checkpoint was made from");
            resume.Weights.CopyTo(weights, 0);                   // the initial draws above were still made: they advance the RNG as in the first run
            resume.Bias.CopyTo(bias, 0);
        }

        try
        {
            var validationRows = validation is null ? null : new RowSource(validation, scaler);
            return options.Solver == Solver.Lbfgs
                ? LbfgsTraining.Run(weights, bias, train, scaler, validationRows, options)
                : GradientDescent.Run(weights, bias, new RowSource(train, scaler), validationRows, options, random, resume);
        }
        finally
        {
            _weights = weights;                                   // on divergence: the last good epoch's weights
            _bias = bias;
            FeatureNames = train.FeatureNames;
            ClassNames = train.ClassNames;
            Scaler = scaler;
        }
    }

    /// <summary>
    /// The rows <see cref="Fit"/> trains on and validates on under <see cref="TrainingOptions.ValidationSplit"/>: a stratified
    /// split of <paramref name="train"/> with the options' seed (the validation part is null without a split). The scaler is
    /// fitted on the training part only.
    /// </summary>
    public static (Dataset Train, Dataset? Validation) HoldOutValidation(Dataset train, TrainingOptions options)
    {
        if (options.ValidationSplit == 0) return (train, null);
        var (fit, held) = train.Split(options.ValidationSplit, options.Seed);
        return (fit, held);
    }

    /// <summary>w_c = n / (k · n_c) (scikit-learn's "balanced"): every class weighs as much in the loss as if the classes were equally common.
    /// A class without samples gets weight 0.</summary>
    public static float[] BalancedClassWeights(Dataset train)
    {
        var counts = new int[train.Classes];
        foreach (int y in train.Labels) counts[y]++;
        return counts.Select(count => count == 0 ? 0f : (float)((double)train.Rows / (train.Classes * (double)count))).ToArray();
    }

    /// <summary>The class probabilities of each row of X [n, d] (one row: n = 1), indexable by class name: <c>result[i]["setosa"]</c>.</summary>
    public ClassProbabilities[] PredictProbaByName(ReadOnlySpan<float> x)
    {
        float[] probabilities = PredictProba(x);
        var rows = new ClassProbabilities[probabilities.Length / Classes];
        for (int i = 0; i < rows.Length; i++) rows[i] = new ClassProbabilities(ClassNames, probabilities.AsMemory(i * Classes, Classes));
        return rows;
    }

    /// <summary>Ŷ [n, k]: the class probabilities of each row of X [n, d] (raw features).</summary>
    public float[] PredictProba(ReadOnlySpan<float> x)
    {
        var probabilities = new float[CheckShape(x) * Classes];
        PredictProba(x, probabilities);
        return probabilities;
    }

    /// <summary>
    /// Ŷ [n, k] into <paramref name="probabilities"/>: the class probabilities of each row of X [n, d]
    /// (raw features). Large inputs are split into one contiguous part per core; rows are independent,
    /// so the result does not depend on the split.
    /// </summary>
    public unsafe void PredictProba(ReadOnlySpan<float> x, Span<float> probabilities)
    {
        int n = CheckShape(x);
        fixed (float* xs = x)
            PredictProba(n, probabilities, new InputRows(null, xs, null));
    }

    /// <summary>Ŷ [n, k]: the class probabilities of every row of <paramref name="data"/> (float or byte features, scaled on the fly).</summary>
    public float[] PredictProba(Dataset data)
    {
        var probabilities = new float[data.Rows * Classes];
        PredictProba(data, probabilities);
        return probabilities;
    }

    /// <summary>
    /// Ŷ [n, k] into <paramref name="probabilities"/> for every row of <paramref name="data"/>. Image data stays in
    /// bytes and is scaled tile by tile, so the input read is a quarter of its float size.
    /// </summary>
    public unsafe void PredictProba(Dataset data, Span<float> probabilities)
    {
        if (Features == 0) throw NotFitted();
        if (data.Columns != Features)
            throw new UserInputException($"{data.Source}: the data has {data.Columns} features but the model was trained on {Features}",
                "Use data with the same feature columns as the training data");
        var source = new RowSource(data, Scaler);
        PredictProba(data.Rows, probabilities, new InputRows(source, null, PackedForPixels(source)));
    }

    /// <summary>Where the rows to predict come from: a dataset (gathered and scaled by a <see cref="RowSource"/>) or raw floats.</summary>
    /// <param name="packed">with <paramref name="source"/>: W packed for its pixel rows (<see cref="PackedForPixels"/>), once for every part</param>
    readonly unsafe struct InputRows(RowSource? source, float* features, float[]? packed)
    {
        public readonly RowSource? Source = source;
        public readonly float* Features = features;
        public readonly float[]? Packed = packed;
    }

    /// <summary>Large inputs are split into one contiguous part per core; rows are independent, so the result does not depend on the split.</summary>
    unsafe void PredictProba(int n, Span<float> probabilities, InputRows input)
    {
        int k = Classes;
        if (probabilities.Length < n * k) throw new ArgumentException($"the destination holds {probabilities.Length} values, {n} rows × {k} classes need {n * k}", nameof(probabilities));
        int parts = n >= ParallelFromRows ? Math.Min(Environment.ProcessorCount, n / (ParallelFromRows / 2)) : 1;
        fixed (float* ps = probabilities)
        {
            nint pAddress = (nint)ps;
            if (parts <= 1) PredictProbaRows(input, 0, n, new Span<float>(ps, n * k));
            else Parallel.For(0, parts, part =>
            {
                int from = (int)((long)n * part / parts), to = (int)((long)n * (part + 1) / parts);
                PredictProbaRows(input, from, to, new Span<float>((float*)pAddress + (long)from * k, (to - from) * k));
            });
        }
    }

    /// <summary>Inputs of at least this many rows are predicted on all cores.</summary>
    const int ParallelFromRows = 2048;

    /// <summary>Ŷ of rows [from, to) into <paramref name="probabilities"/> [(to − from), k], a tile at a time.</summary>
    unsafe void PredictProbaRows(InputRows input, int from, int to, Span<float> probabilities)
    {
        int k = Classes, d = Features, tileRows = BatchGradient.TileRows;
        float[] rented = System.Buffers.ArrayPool<float>.Shared.Rent(tileRows * d);   // no fresh large-object-heap array per call
        Span<float> tile = rented;
        for (int start = from; start < to; start += tileRows)
        {
            int t = Math.Min(tileRows, to - start);
            Span<float> xt = tile[..(t * d)], z = probabilities.Slice((start - from) * k, t * k);
            if (input.Source is { } source) GatherScores(source, start, t, xt, z, input.Packed);   // z = Wx + b
            else
            {
                Scaler.Transform(new ReadOnlySpan<float>(input.Features + (long)start * d, t * d), xt);
                Scores(xt, t, z);
            }
            Softmax.Rows(z, k, z);                                            // ŷ = softmax(z), in place
        }
        System.Buffers.ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>ŷ [k] for one sample x [d].</summary>
    public float[] PredictProba(float[] x) => PredictProba(x.AsSpan());

    /// <summary>The predicted class index argmaxₖ ŷₖ of each row of X [n, d].</summary>
    public int[] Predict(ReadOnlySpan<float> x)
    {
        int n = CheckShape(x);
        var classes = new int[n];
        ForEachScoreTile(x, n, (start, z) =>
        {
            for (int r = 0; r < z.Length / Classes; r++)
                classes[start + r] = Linear.ArgMax(z.Slice(r * Classes, Classes));   // softmax keeps the order: argmax ŷ = argmax z
        });
        return classes;
    }

    /// <summary>Predicted class indices for a dataset (float or byte features).</summary>
    public int[] Predict(Dataset data)
    {
        CheckColumns(data);
        var classes = new int[data.Rows];
        ForEachScoreTile(data, (start, z) =>
        {
            for (int r = 0; r < z.Length / Classes; r++) classes[start + r] = Linear.ArgMax(z.Slice(r * Classes, Classes));
        });
        return classes;
    }

    /// <summary>Accuracy: the fraction of rows whose predicted class is the label.</summary>
    public double Score(Dataset data) => Metrics.Accuracy.Of(Predict(data), data.Labels);

    /// <summary>Mean cross-entropy (1/n) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) on a dataset.</summary>
    public double Loss(Dataset data)
    {
        CheckColumns(data);
        double sum = 0;
        ForEachScoreTile(data, (start, z) =>
        {
            for (int r = 0; r < z.Length / Classes; r++) sum += CrossEntropy.FromScores(z.Slice(r * Classes, Classes), data.Labels[start + r]);
        });
        return sum / data.Rows;
    }

    delegate void ScoreTileAction(int start, Span<float> scores);

    /// <summary>Z = XWᵀ + b for tiles of rows of X [n, d] (raw features, scaled here), handing each tile's Z [t, k] to <paramref name="action"/>.</summary>
    void ForEachScoreTile(ReadOnlySpan<float> x, int n, ScoreTileAction action)
    {
        int d = Features, k = Classes, tileRows = BatchGradient.TileRows;
        var tile = new float[tileRows * d];
        var z = new float[tileRows * k];
        for (int start = 0; start < n; start += tileRows)
        {
            int t = Math.Min(tileRows, n - start);
            Span<float> xt = tile.AsSpan(0, t * d);
            Scaler.Transform(x.Slice(start * d, t * d), xt);
            Scores(xt, t, z.AsSpan(0, t * k));
            action(start, z.AsSpan(0, t * k));
        }
    }

    void ForEachScoreTile(Dataset data, ScoreTileAction action)
    {
        int d = Features, k = Classes, tileRows = BatchGradient.TileRows;
        var source = new RowSource(data, Scaler);
        var tile = new float[tileRows * d];
        var z = new float[tileRows * k];
        float[]? packed = PackedForPixels(source);
        for (int start = 0; start < data.Rows; start += tileRows)
        {
            int t = Math.Min(tileRows, data.Rows - start);
            GatherScores(source, start, t, tile.AsSpan(0, t * d), z.AsSpan(0, t * k), packed);
            action(start, z.AsSpan(0, t * k));
        }
    }

    /// <summary>W packed for <see cref="PixelScores"/> where the rows of <paramref name="source"/> are pixels it scores, else null.</summary>
    float[]? PackedForPixels(RowSource source)
    {
        if (!source.ScoresPixels(Classes)) return null;
        var packed = new float[Classes * Features];
        PixelScores.Pack(Weights, Features, packed);
        return packed;
    }

    /// <summary>Z [t, k] = X Wᵀ + b for rows [start, start + t) of <paramref name="source"/>, gathered into <paramref name="x"/>
    /// (in one pass with the scores where <paramref name="packed"/> is given).</summary>
    void GatherScores(RowSource source, int start, int t, Span<float> x, Span<float> z, float[]? packed)
    {
        source.GatherScores(source.AllRows.AsSpan(start, t), x, packed, Weights, z);   // z = Wx
        for (int r = 0; r < t; r++) TensorPrimitives.Add(z.Slice(r * Classes, Classes), Bias, z.Slice(r * Classes, Classes));  // + b
    }

    /// <summary>Z [t, k] = X Wᵀ + b for t scaled rows.</summary>
    void Scores(ReadOnlySpan<float> x, int t, Span<float> z)
    {
        LinearKernels.ScoresTile(Weights, x, t, z);              // z = Wx
        for (int r = 0; r < t; r++) TensorPrimitives.Add(z.Slice(r * Classes, Classes), Bias, z.Slice(r * Classes, Classes));  // + b
    }

    Dataset CheckColumns(Dataset data) => ModelInput.CheckColumns(data, Features, ClassNames);

    int CheckShape(ReadOnlySpan<float> x) => ModelInput.Rows(x, Features, Features != 0);

    static InvalidOperationException NotFitted() => ModelInput.NotFitted();

    /// <summary>A standard normal sample (Box–Muller).</summary>
    static double NormalSample(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
