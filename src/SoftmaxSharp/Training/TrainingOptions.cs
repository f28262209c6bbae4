using SoftmaxSharp.Data;
using SoftmaxSharp.Optimizers;

namespace SoftmaxSharp.Training;

/// <summary>How weights start.</summary>
public enum Initialization
{
    /// <summary>W = 0, b = 0: the run depends on nothing but the data and the order of the rows.</summary>
    Zeros,
    /// <summary>W ~ N(0, 0.01²) from the seed, b = 0.</summary>
    Random,
}

/// <summary>How the weights are fitted.</summary>
public enum Solver
{
    /// <summary>Gradient descent: per-sample, mini-batch or full batch (<see cref="TrainingOptions.BatchSize"/>), the lectures' way.</summary>
    GradientDescent,
    /// <summary>Full-batch L-BFGS on J = mean loss + λ/2·‖W‖² (<see cref="TrainingOptions.L2"/>) until ‖∇J‖∞ ≤ <see cref="TrainingOptions.Tolerance"/>: the optimum scikit-learn's <c>LogisticRegression(solver='lbfgs')</c> finds.</summary>
    Lbfgs,
}

/// <summary>Options of training; the defaults are the lectures' setup (gradient descent).</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>η in θ ← θ − η∇.</summary>
    public float LearningRate { get; init; } = 0.1f;
    /// <summary>m, samples per gradient step: 1 is per-sample SGD, n (or more) is full-batch gradient descent.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>One seed drives initialization, shuffling and splits.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>Visit the rows in a new random order every epoch (mini-batches; a full batch, m ≥ n, reads them in storage order: its one step per epoch does not depend on the order).</summary>
    public bool Shuffle { get; init; } = true;
    public Initialization Initialization { get; init; } = Initialization.Zeros;
    /// <summary>Feature rescaling, fitted on the training data and stored with the model.</summary>
    public Scaling Scaling { get; init; } = Scaling.None;
    /// <summary>w [k]: class c's samples weigh w_c in the loss, as PyTorch's <c>CrossEntropyLoss(weight=w)</c>; null for all 1.
    /// <see cref="Models.SoftmaxRegression.BalancedClassWeights"/> gives n / (k·n_c).</summary>
    public float[]? ClassWeights { get; init; }
    /// <summary>ε: the target is (1 − ε)·one-hot + ε/k, as PyTorch's <c>CrossEntropyLoss(label_smoothing=ε)</c>.</summary>
    public float LabelSmoothing { get; init; }
    /// <summary>Continue from the model's current W, b and scaler (a trained or loaded model) instead of starting afresh.</summary>
    public bool WarmStart { get; init; }
    /// <summary>Gradient descent (default) or full-batch L-BFGS.</summary>
    public Solver Solver { get; init; } = Solver.GradientDescent;
    /// <summary>L-BFGS stops when ‖∇J‖∞ ≤ this. scikit-learn's <c>tol</c> (also 1e-4 by default) bounds the gradient of Σ CE + ‖W‖²/(2C) = n·J instead: its tol is our tol·n.</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>At most this many L-BFGS iterations (scikit-learn's <c>max_iter</c> is 100).</summary>
    public int MaxIterations { get; init; } = 1000;
    /// <summary>The update rule; its hyper-parameters below default to PyTorch's for the kind when null.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    /// <summary>μ of momentum, Nesterov and RMSprop (and of SGD, as PyTorch's <c>SGD(momentum=μ)</c>); null: 0.9 for momentum and Nesterov, 0 for SGD and RMSprop.</summary>
    public float? Momentum { get; init; }
    /// <summary>RMSprop divides by an estimate of the gradient's variance instead of its second moment.</summary>
    public bool Centered { get; init; }
    /// <summary>β₁ of Adam and AdamW.</summary>
    public float Beta1 { get; init; } = 0.9f;
    /// <summary>β₂ of Adam and AdamW.</summary>
    public float Beta2 { get; init; } = 0.999f;
    /// <summary>ε of Adagrad, RMSprop, Adam and AdamW; null: 1e-10 for Adagrad, 1e-8 for the others.</summary>
    public float? Epsilon { get; init; }
    /// <summary>λ of PyTorch's <c>weight_decay</c>, on weights only; null: 0.01 for AdamW, 0 for the others. AdamW decays θ directly
    /// (θ ← θ(1 − ηλ)); every other optimizer adds λθ to the gradient, which for plain SGD is exactly <see cref="L2"/> with the same λ.</summary>
    public float? WeightDecay { get; init; }
    /// <summary>
    /// λ ≥ 0: the objective is the mean loss + λ/2·‖W‖² (biases not penalized), its gradient ∇W + λW.
    /// scikit-learn's <c>LogisticRegression(C)</c> minimizes C·Σ CE + ½‖W‖², the same minimizer as λ = 1/(n·C): see <see cref="L2FromC"/>.
    /// </summary>
    public double L2 { get; init; }
    /// <summary>How η changes per epoch (PyTorch's StepLR, ExponentialLR, CosineAnnealingLR with T_max = <see cref="Epochs"/>).</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;
    /// <summary>Epochs between decays of the step schedule.</summary>
    public int StepSize { get; init; } = 10;
    /// <summary>γ: the decay factor of the step and exponential schedules.</summary>
    public double Gamma { get; init; } = 0.1;
    /// <summary>η_min of the cosine schedule.</summary>
    public double MinLearningRate { get; init; }
    /// <summary>The fraction of the training data held out (stratified, with <see cref="Seed"/>) to validate on after every epoch; 0 = none.</summary>
    public double ValidationSplit { get; init; }
    /// <summary>Early stopping: stop when the validation loss has not improved for this many epochs, and keep the best epoch's weights; 0 = never.</summary>
    public int Patience { get; init; }
    /// <summary>Called after every epoch of gradient descent, and after every L-BFGS iteration (the library prints nothing itself).</summary>
    public Action<EpochResult>? OnEpoch { get; init; }
    /// <summary>Called after every L-BFGS iteration, before <see cref="OnEpoch"/>, with J (penalty included) and ‖∇J‖∞.</summary>
    public Action<LbfgsIteration>? OnIteration { get; init; }

    /// <summary>λ = 1/(n·C): the L2 strength that gives scikit-learn's <c>LogisticRegression(C)</c> optimum on n training rows.</summary>
    public static double L2FromC(double c, int rows)
    {
        if (!(c > 0) || !double.IsFinite(c)) throw new UserInputException($"C must be a positive number (got {c})", "Use e.g. --C 1 (smaller C = stronger regularization)");
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows));
        return 1 / (rows * c);
    }
    /// <summary>Every this many epochs (and after the last), <see cref="OnCheckpoint"/> gets the state to resume from; 0 = never.</summary>
    public int CheckpointEvery { get; init; }
    /// <summary>Receives the training state every <see cref="CheckpointEvery"/> epochs, e.g. to save it with <c>CheckpointFile.Save</c>.</summary>
    public Action<TrainingCheckpoint>? OnCheckpoint { get; init; }

    /// <summary>Throws a <see cref="UserInputException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new UserInputException($"epochs must be at least 1 (got {Epochs})", "Use e.g. --epochs 100");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new UserInputException($"the learning rate must be a positive number (got {LearningRate})", "Use e.g. --lr 0.1");
        if (!(LabelSmoothing >= 0 && LabelSmoothing <= 1)) throw new UserInputException($"label smoothing must be between 0 and 1 (got {LabelSmoothing})", "Use e.g. --label-smoothing 0.1");
        if (ClassWeights is not null && ClassWeights.Any(w => !(w >= 0) || !float.IsFinite(w)))
            throw new UserInputException($"class weights must be finite numbers ≥ 0 (got {string.Join(", ", ClassWeights)})", "Use e.g. --class-weight balanced or --class-weight setosa=2,versicolor=1,virginica=1");
        if (CheckpointEvery < 0) throw new UserInputException($"the checkpoint interval must be 0 (never) or a number of epochs ≥ 1 (got {CheckpointEvery})", "Use e.g. --checkpoint-every 10");
        if (!(L2 >= 0) || !double.IsFinite(L2)) throw new UserInputException($"the L2 penalty λ must be a number ≥ 0 (got {L2})", "Use e.g. --l2 0.0001");
        if (StepSize < 1) throw new UserInputException($"the schedule's step size must be at least 1 epoch (got {StepSize})", "Use e.g. --step-size 10");
        if (!(Gamma > 0 && Gamma <= 1)) throw new UserInputException($"the schedule's γ must be in (0, 1] (got {Gamma})", "Use e.g. --gamma 0.1 for step, 0.95 for exp");
        if (!(MinLearningRate >= 0 && MinLearningRate <= LearningRate)) throw new UserInputException($"the minimum learning rate must be between 0 and the learning rate {LearningRate} (got {MinLearningRate})", "Use e.g. --min-lr 0");
        if (!(ValidationSplit >= 0 && ValidationSplit < 1)) throw new UserInputException($"the validation split must be at least 0 and below 1 (got {ValidationSplit})", "Use e.g. --validation-split 0.1 for 10% of the training data");
        if (Patience < 0) throw new UserInputException($"the patience must be 0 (no early stopping) or a number of epochs ≥ 1 (got {Patience})", "Use e.g. --patience 5");
        CreateOptimizer();                                         // checks the optimizer's hyper-parameters
        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance)) throw new UserInputException($"the tolerance must be a number ≥ 0 (got {Tolerance})", "Use e.g. --tol 1e-4");
        if (MaxIterations < 1) throw new UserInputException($"the iteration limit must be at least 1 (got {MaxIterations})", "Use e.g. --max-iter 100");
        if (Solver == Solver.Lbfgs && CheckpointEvery > 0)
            throw new UserInputException("L-BFGS runs are not checkpointed (its state is its last 10 steps, not an epoch)", "Leave out --checkpoint, or train with gradient descent");
        if (BatchSize < 1) throw new UserInputException($"the batch size must be at least 1 (got {BatchSize})", "Use 1 for per-sample SGD, e.g. 32 for mini-batches, or a value ≥ the number of rows for full batch");
    }

    /// <summary>A new optimizer of kind <see cref="Optimizer"/> with these hyper-parameters (a bad one is a <see cref="UserInputException"/>).</summary>
    public Optimizer CreateOptimizer() => Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd(LearningRate, Momentum ?? 0, weightDecay: WeightDecay ?? 0),   // as PyTorch's SGD(momentum=μ)
        OptimizerKind.Momentum => new Sgd(LearningRate, Momentum ?? 0.9f, weightDecay: WeightDecay ?? 0),
        OptimizerKind.Nesterov => new Sgd(LearningRate, Momentum ?? 0.9f, nesterov: true, weightDecay: WeightDecay ?? 0),
        OptimizerKind.Adagrad => new Adagrad(LearningRate, weightDecay: WeightDecay ?? 0, epsilon: Epsilon ?? 1e-10f),
        OptimizerKind.RmsProp => new RmsProp(LearningRate, epsilon: Epsilon ?? 1e-8f, weightDecay: WeightDecay ?? 0, momentum: Momentum ?? 0, centered: Centered),
        OptimizerKind.Adam => new Adam(LearningRate, Beta1, Beta2, Epsilon ?? 1e-8f, WeightDecay ?? 0),
        OptimizerKind.AdamW => new AdamW(LearningRate, Beta1, Beta2, Epsilon ?? 1e-8f, WeightDecay ?? 0.01f),
        _ => throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, null),
    };

    /// <summary>η for each epoch under <see cref="Schedule"/>.</summary>
    public LearningRateSchedule LearningRateSchedule => new(Schedule, LearningRate, StepSize, Gamma, Epochs, MinLearningRate);
}
