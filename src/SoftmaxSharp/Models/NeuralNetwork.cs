using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Models;

/// <summary>How a network's weights start; biases start at 0.</summary>
public enum WeightInitialization
{
    /// <summary>Glorot/Xavier uniform: W ~ U(−a, a), a = √(6 / (fan_in + fan_out)); for tanh, sigmoid and linear units.</summary>
    Xavier,
    /// <summary>He/Kaiming normal: W ~ N(0, 2 / fan_in); for ReLU and leaky ReLU units.</summary>
    He,
}

/// <summary>
/// A feedforward network (lecture 003): Dense layers h = g(hW + b) with one activation g for every hidden layer
/// and softmax on the output, trained on the mean cross-entropy by backpropagation. Layer l holds Wˡ [nˡ, nˡ⁻¹]
/// unit-major (row u is unit u's weights, so its pre-activation is one contiguous dot product, as softmax
/// regression's class-major W) and bˡ [nˡ]; the lectures' W is Wˡᵀ. With no hidden layer it is softmax
/// regression and gives <see cref="SoftmaxRegression"/>'s numbers.
/// Inputs are raw features: the model applies its stored <see cref="Scaler"/> itself.
/// </summary>
public sealed class NeuralNetwork : IDifferentiableModel, IClassifier
{
    float[][]? _parameters;                                      // W¹, b¹, W², b², …
    ParameterBlock[] _blocks = [];

    /// <summary>An untrained network with the given hidden layer sizes (none: softmax regression); call <see cref="Fit"/> or <see cref="Initialize"/>.</summary>
    /// <param name="initialization">default: He for the ReLUs, Xavier otherwise</param>
    public NeuralNetwork(int[] hidden, Activation activation = Activation.Relu, WeightInitialization? initialization = null)
    {
        if (hidden.Any(n => n < 1)) throw new UserInputException($"hidden layer sizes must be at least 1 (got {string.Join(",", hidden)})", "Use e.g. --hidden 100 or --hidden 256,128");
        Hidden = (int[])hidden.Clone();
        Activation = activation;
        Initialization = initialization ?? DefaultInitialization(activation);
    }

    /// <summary>A network with the given parameters (a loaded file, or fixed weights for a test).</summary>
    /// <param name="weights">Wˡ [nˡ, nˡ⁻¹] for l = 1..L, the last [k, nᴸ⁻¹]</param>
    /// <param name="biases">bˡ [nˡ]</param>
    public NeuralNetwork(float[][] weights, float[][] biases, Activation activation, string[] featureNames, string[] classNames, FeatureScaler? scaler = null)
    {
        if (weights.Length < 1 || weights.Length != biases.Length) throw new ArgumentException($"{weights.Length} weight matrices but {biases.Length} bias vectors");
        if (biases[^1].Length != classNames.Length) throw new ArgumentException($"the output layer has {biases[^1].Length} units but there are {classNames.Length} classes");
        int inputs = featureNames.Length;
        for (int l = 0; l < weights.Length; l++)
        {
            if (weights[l].Length != biases[l].Length * inputs)
                throw new ArgumentException($"W{l + 1} has {weights[l].Length} values, expected {biases[l].Length} units × {inputs} inputs");
            inputs = biases[l].Length;
        }
        scaler ??= FeatureScaler.Identity(featureNames.Length);
        if (scaler.Shift.Length != featureNames.Length) throw new ArgumentException($"the scaler is for {scaler.Shift.Length} features, the model has {featureNames.Length}");
        Hidden = biases[..^1].Select(b => b.Length).ToArray();
        Activation = activation;
        Initialization = DefaultInitialization(activation);
        FeatureNames = featureNames;
        ClassNames = classNames;
        Scaler = scaler;
        SetParameters(weights.Zip(biases, (w, b) => new[] { w, b }).SelectMany(pair => pair).ToArray());
    }

    /// <summary>The hidden layers' sizes n¹ … nᴸ⁻¹ (empty: softmax regression).</summary>
    public int[] Hidden { get; }
    /// <summary>g of every hidden layer.</summary>
    public Activation Activation { get; }
    public WeightInitialization Initialization { get; }
    /// <summary>[d, n¹, …, k]</summary>
    public int[] LayerSizes => [Features, .. Hidden, Classes];
    /// <summary>L, the number of Dense layers (hidden + output).</summary>
    public int Layers => Hidden.Length + 1;
    /// <summary>Wˡ [nˡ, nˡ⁻¹] for l = 1..L (0-based index l − 1).</summary>
    public float[] Weights(int layer) => Parameters_[2 * layer];
    /// <summary>bˡ [nˡ] (0-based index l − 1).</summary>
    public float[] Bias(int layer) => Parameters_[2 * layer + 1];
    public string[] FeatureNames { get; private set; } = [];
    public string[] ClassNames { get; private set; } = [];
    public FeatureScaler Scaler { get; private set; } = FeatureScaler.Identity(0);
    public int Features => FeatureNames.Length;
    public int Classes => ClassNames.Length;
    public bool IsFitted => _parameters is not null;

    /// <summary>W¹, b¹, W², b², …: named "W1", "b1", …, each the live array.</summary>
    public IReadOnlyList<ParameterBlock> Parameters => IsFitted ? _blocks : throw NotFitted();

    float[][] Parameters_ => _parameters ?? throw NotFitted();

    /// <summary>He for ReLU and leaky ReLU, Xavier for the others.</summary>
    public static WeightInitialization DefaultInitialization(Activation activation) =>
        activation is Activation.Relu or Activation.LeakyRelu ? WeightInitialization.He : WeightInitialization.Xavier;

    /// <summary>
    /// Sets the shapes from <paramref name="featureNames"/> and <paramref name="classNames"/> and draws the weights from
    /// <paramref name="random"/>, layer by layer, each W row by row; biases are 0.
    /// </summary>
    public void Initialize(string[] featureNames, string[] classNames, Random random, FeatureScaler? scaler = null)
    {
        FeatureNames = featureNames;
        ClassNames = classNames;
        Scaler = scaler ?? FeatureScaler.Identity(featureNames.Length);
        int[] sizes = LayerSizes;
        var parameters = new float[2 * (sizes.Length - 1)][];
        for (int l = 1; l < sizes.Length; l++)
        {
            int fanIn = sizes[l - 1], fanOut = sizes[l];
            var w = new float[fanOut * fanIn];
            if (Initialization == WeightInitialization.Xavier)
            {
                double a = Math.Sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.Length; i++) w[i] = (float)((2 * random.NextDouble() - 1) * a);   // U(−a, a)
            }
            else
            {
                double sigma = Math.Sqrt(2.0 / fanIn);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(sigma * NormalSample(random));       // N(0, 2/fan_in)
            }
            parameters[2 * l - 2] = w;
            parameters[2 * l - 1] = new float[fanOut];
        }
        SetParameters(parameters);
    }

    /// <summary>
    /// Fits the scaler on <paramref name="train"/>, initializes the weights from the seed (or, with
    /// <see cref="TrainingOptions.WarmStart"/> on a network with parameters, continues from them), and trains by
    /// mini-batch backpropagation with the options' optimizer, L2, schedule and early stopping.
    /// Returns the loss and accuracy per epoch (and on <paramref name="validation"/>, or the part held out by
    /// <see cref="TrainingOptions.ValidationSplit"/>). On divergence the network keeps the last good epoch's parameters.
    /// </summary>
    public TrainingHistory Fit(Dataset train, TrainingOptions? options = null, Dataset? validation = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        if (train.Rows == 0) throw new UserInputException($"{train.Source}: the training data has no rows", "Give data with at least one row per class");
        if (train.Classes < 2) throw new UserInputException($"{train.Source}: the training data has only one class ({train.ClassNames.FirstOrDefault()})", "A classifier needs at least two classes");
        if (options.ClassWeights is not null || options.LabelSmoothing != 0 || train.SampleWeights is not null)
            throw new UserInputException("class weights, sample weights and label smoothing are not supported for networks yet", "Train the network without --class-weight, --weight-column and --label-smoothing");
        if (validation is not null && (validation.Columns != train.Columns || !validation.ClassNames.SequenceEqual(train.ClassNames)))
            throw new UserInputException($"{validation.Source}: the validation data does not match the training data", "Give validation data with the same columns and classes as the training data");
        if (options.ValidationSplit > 0)
        {
            if (validation is not null)
                throw new UserInputException("both validation data and a validation split were given", "Give validation data or a ValidationSplit, not both");
            (train, validation) = SoftmaxRegression.HoldOutValidation(train, options);
        }
        if (options.Patience > 0 && validation is null)
            throw new UserInputException("early stopping (a patience) needs validation data", "Hold some out with e.g. --validation-split 0.1");
        var random = new SeededRandom(options.Seed);
        if (options.WarmStart && IsFitted)
        {
            CheckColumns(train);
            var copy = Parameters_.Select(p => (float[])p.Clone()).ToArray();   // the scaler stays: W was learned on its scale
            SetParameters(copy);
        }
        else Initialize(train.FeatureNames, train.ClassNames, random, FeatureScaler.Fit(options.Scaling, train));
        return NetworkTrainer.Run(this, new Training.RowSource(train, Scaler), validation is null ? null : new Training.RowSource(validation, Scaler), options, random);
    }

    /// <summary>
    /// J = (1/n) Σ (logsumexp(zᴸᵢ) − zᴸᵢ,yᵢ) + λ/2 Σₗ ‖Wˡ‖² on <paramref name="data"/> (raw features, scaled by the model),
    /// and ∂J/∂block into <paramref name="gradients"/> (W¹, b¹, …; biases are not penalized), computed in double
    /// precision (<see cref="NetworkObjective"/>) for gradient checks.
    /// </summary>
    public double Objective(Dataset data, float[][] gradients, double l2 = 0)
    {
        CheckColumns(data);
        if (gradients.Length != Parameters_.Length) throw new ArgumentException($"{gradients.Length} gradient blocks for {Parameters_.Length} parameter blocks");
        return NetworkObjective.Evaluate(Parameters_, LayerSizes, Activation, data, Scaler, gradients, l2);
    }

    /// <summary>Ŷ [n, k] for the rows of X [n, d] (raw features).</summary>
    public float[] PredictProba(ReadOnlySpan<float> x)
    {
        int n = CheckShape(x), k = Classes;
        var probabilities = new float[n * k];
        ForEachScoreTile(x, n, (start, z) =>
        {
            Softmax.Rows(z, k, probabilities.AsSpan(start * k, z.Length));
        });
        return probabilities;
    }

    /// <summary>The class probabilities of each row of X [n, d], indexable by class name.</summary>
    public ClassProbabilities[] PredictProbaByName(ReadOnlySpan<float> x)
    {
        float[] probabilities = PredictProba(x);
        var rows = new ClassProbabilities[probabilities.Length / Classes];
        for (int i = 0; i < rows.Length; i++) rows[i] = new ClassProbabilities(ClassNames, probabilities.AsMemory(i * Classes, Classes));
        return rows;
    }

    /// <summary>argmaxₖ zᴸₖ (= argmax ŷ) for each row of X [n, d].</summary>
    public int[] Predict(ReadOnlySpan<float> x)
    {
        int n = CheckShape(x), k = Classes;
        var classes = new int[n];
        ForEachScoreTile(x, n, (start, z) =>
        {
            for (int r = 0; r < z.Length / k; r++) classes[start + r] = Linear.ArgMax(z.Slice(r * k, k));
        });
        return classes;
    }

    /// <summary>Predicted class indices for a dataset (float or byte features).</summary>
    public int[] Predict(Dataset data)
    {
        CheckColumns(data);
        var classes = new int[data.Rows];
        ForEachScoreTile(data, (rows, z) =>
        {
            for (int r = 0; r < rows.Length; r++) classes[rows[r]] = Linear.ArgMax(z.Slice(r * Classes, Classes));
        });
        return classes;
    }

    /// <summary>Accuracy: the fraction of rows whose predicted class is the label.</summary>
    public double Score(Dataset data) => Metrics.Accuracy.Of(Predict(data), data.Labels);

    /// <summary>Mean cross-entropy (1/n) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) on a dataset.</summary>
    public double Loss(Dataset data)
    {
        CheckColumns(data);
        var source = new Training.RowSource(data, Scaler);
        return NetworkGradient.Evaluate(Parameters_, Activation, source, new NetworkGradient.Workspace(LayerSizes)).Loss;
    }

    internal void SetParameters(float[][] parameters)
    {
        _parameters = parameters;
        _blocks = parameters.Select((values, i) => new ParameterBlock($"{(i % 2 == 0 ? "W" : "b")}{i / 2 + 1}", values)).ToArray();
    }

    internal float[][] ParameterArrays => Parameters_;

    delegate void ScoreTileAction(int start, Span<float> scores);
    delegate void RowsScoreAction(ReadOnlySpan<int> rows, Span<float> scores);

    /// <summary>Zᴸ [t, k] for tiles of rows of X [n, d] (raw, scaled here).</summary>
    void ForEachScoreTile(ReadOnlySpan<float> x, int n, ScoreTileAction action)
    {
        int d = Features, k = Classes, tileRows = NetworkGradient.TileRows;
        var work = new NetworkGradient.Workspace(LayerSizes);
        for (int start = 0; start < n; start += tileRows)
        {
            int t = Math.Min(tileRows, n - start);
            Span<float> xt = work.Input.AsSpan(0, t * d);
            Scaler.Transform(x.Slice(start * d, t * d), xt);
            NetworkGradient.Forward(Parameters_, Activation, xt, t, work);
            action(start, work.Outputs[^1].AsSpan(0, t * k));
        }
    }

    void ForEachScoreTile(Dataset data, RowsScoreAction action)
    {
        int d = Features, k = Classes, tileRows = NetworkGradient.TileRows;
        var source = new Training.RowSource(data, Scaler);
        var work = new NetworkGradient.Workspace(LayerSizes);
        for (int start = 0; start < data.Rows; start += tileRows)
        {
            ReadOnlySpan<int> rows = source.AllRows.AsSpan(start, Math.Min(tileRows, data.Rows - start));
            Span<float> xt = work.Input.AsSpan(0, rows.Length * d);
            source.Gather(rows, xt);
            NetworkGradient.Forward(Parameters_, Activation, xt, rows.Length, work);
            action(rows, work.Outputs[^1].AsSpan(0, rows.Length * k));
        }
    }

    Dataset CheckColumns(Dataset data) => ModelInput.CheckColumns(data, Features, ClassNames);

    int CheckShape(ReadOnlySpan<float> x) => ModelInput.Rows(x, Features, IsFitted, "network");

    static InvalidOperationException NotFitted() => ModelInput.NotFitted("network");

    /// <summary>A standard normal sample (Box–Muller), as <see cref="SoftmaxRegression"/> draws them.</summary>
    static double NormalSample(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
