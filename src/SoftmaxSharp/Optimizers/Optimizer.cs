using SoftmaxSharp.Models;

namespace SoftmaxSharp.Optimizers;

/// <summary>
/// A gradient-descent optimizer for any model: it updates a list of parameter blocks (W [k, d], b [k], or a
/// network's W₁, b₁, W₂, b₂ …) in place from their gradients, with PyTorch's update rules and defaults.
/// Each block keeps its own state (e.g. Adam's m and v, same shape as the block), allocated on the block's
/// first step and reused after: a step allocates nothing.
/// Hyper-parameters are checked when the optimizer is made; <see cref="LearningRate"/> may be changed between
/// steps (that is what a schedule does).
/// </summary>
public abstract class Optimizer
{
    readonly string[] _stateNames;
    readonly int _scratchCount;
    readonly List<BlockState> _blocks = [];

    /// <param name="stateNames">the per-block buffers saved in checkpoints, PyTorch's names (e.g. "exp_avg", "exp_avg_sq")</param>
    /// <param name="scratchCount">per-block work buffers of the block's size, not saved</param>
    private protected Optimizer(float learningRate, float weightDecay, string[] stateNames, int scratchCount = 0)
    {
        Check(learningRate > 0 && float.IsFinite(learningRate), $"the learning rate must be a positive number (got {learningRate})", "Use e.g. --lr 0.1");
        Check(weightDecay >= 0 && float.IsFinite(weightDecay), $"the weight decay must be a number ≥ 0 (got {weightDecay})", "Use e.g. --weight-decay 0.0001");
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        _stateNames = stateNames;
        _scratchCount = scratchCount;
    }

    /// <summary>η: the step size of the next step.</summary>
    public float LearningRate { get; set; }

    /// <summary>λ of PyTorch's <c>weight_decay</c>: added to the gradient (g + λθ) by every optimizer but AdamW, which
    /// shrinks the parameters directly (θ ← θ(1 − ηλ)). For plain SGD that is exactly L2 regularization with the same λ.</summary>
    public float WeightDecay { get; }

    /// <summary>
    /// One step on every block: block i is updated from <paramref name="gradients"/>[i] (same shape).
    /// Weight decay applies to the weight blocks, those whose name starts with "W", not to biases
    /// (as L2 does in this library; in PyTorch that is two parameter groups).
    /// </summary>
    public void Step(IReadOnlyList<ParameterBlock> parameters, IReadOnlyList<float[]> gradients)
    {
        if (parameters.Count != gradients.Count) throw new ArgumentException($"{parameters.Count} parameter blocks but {gradients.Count} gradients");
        for (int i = 0; i < parameters.Count; i++)
            Step(i, parameters[i].Values, gradients[i], decay: IsWeight(parameters[i]));
    }

    /// <summary>One step on block <paramref name="block"/> (a stable index: it selects the block's state).</summary>
    /// <param name="decay">whether <see cref="WeightDecay"/> applies to this block (true for weights, false for biases)</param>
    public void Step(int block, Span<float> parameter, ReadOnlySpan<float> gradient, bool decay = true)
    {
        if (gradient.Length != parameter.Length) throw new ArgumentException($"block {block}: {parameter.Length} parameters but {gradient.Length} gradient values");
        var state = State(block, parameter.Length);
        state.Steps++;
        Update(state, parameter, gradient, decay ? WeightDecay : 0f);
    }

    /// <summary>Whether a block is a weight block (name starting with "W"), which weight decay and L2 apply to.</summary>
    public static bool IsWeight(ParameterBlock block) => block.Name.StartsWith('W');

    /// <summary>The update rule: θ (in place) from g, with the block's state; <see cref="BlockState.Steps"/> already counts this step (t ≥ 1).</summary>
    private protected abstract void Update(BlockState state, Span<float> parameter, ReadOnlySpan<float> gradient, float weightDecay);

    /// <summary>The state of every block stepped so far, to be saved with a checkpoint: PyTorch's <c>state_dict()['state']</c>.</summary>
    public OptimizerState SaveState() => new(_stateNames,
        _blocks.Select(b => new OptimizerBlockState(b.Length, b.Steps, b.Buffers.Select(buffer => (float[])buffer.Clone()).ToArray())).ToArray());

    /// <summary>Restores what <see cref="SaveState"/> returned (from an optimizer of the same kind and model).</summary>
    public void LoadState(OptimizerState state)
    {
        if (!state.Names.SequenceEqual(_stateNames))
            throw new UserInputException($"the saved optimizer state ({string.Join(", ", state.Names)}) is not this optimizer's ({string.Join(", ", _stateNames)})", "Resume with the optimizer the run was started with");
        _blocks.Clear();
        foreach (var saved in state.Blocks)
        {
            int length = saved.Length;
            if (saved.Buffers.Length != _stateNames.Length || saved.Buffers.Any(buffer => buffer.Length != length) || saved.Steps < 0 || length < 0)
                throw new UserInputException("the saved optimizer state is damaged", "Start training again");
            var block = new BlockState(length, _stateNames.Length, _scratchCount) { Steps = saved.Steps };
            for (int s = 0; s < saved.Buffers.Length; s++) saved.Buffers[s].CopyTo(block.Buffers[s], 0);
            _blocks.Add(block);
        }
    }

    BlockState State(int block, int length)
    {
        if (block < 0 || block > _blocks.Count) throw new ArgumentOutOfRangeException(nameof(block), $"block {block}: blocks are numbered 0, 1, … in the order of their first step");
        if (block == _blocks.Count) _blocks.Add(new BlockState(length, _stateNames.Length, _scratchCount));
        var state = _blocks[block];
        if (state.Length != length) throw new ArgumentException($"block {block} has {length} parameters, but its optimizer state has {state.Length}");
        return state;
    }

    private protected static void Check(bool ok, string message, string hint)
    {
        if (!ok) throw new UserInputException(message, hint);
    }

    /// <summary>One block's state: the step count t and buffers shaped as the block, all zero before the first step.</summary>
    private protected sealed class BlockState(int length, int buffers, int scratch)
    {
        public int Length { get; } = length;
        /// <summary>t: steps taken on this block, including the current one.</summary>
        public long Steps { get; set; }
        /// <summary>The saved buffers, in the order of the optimizer's state names.</summary>
        public float[][] Buffers { get; } = Enumerable.Range(0, buffers).Select(_ => new float[length]).ToArray();
        /// <summary>Work space of the block's size; holds nothing between steps.</summary>
        public float[][] Scratch { get; } = Enumerable.Range(0, scratch).Select(_ => new float[length]).ToArray();
    }
}

/// <summary>An optimizer's saved state: per block, the step count and one array per named buffer.</summary>
/// <param name="Names">the buffers' names, e.g. ["exp_avg", "exp_avg_sq"]</param>
public sealed record OptimizerState(string[] Names, OptimizerBlockState[] Blocks);

/// <param name="Length">the block's number of parameters</param>
/// <param name="Buffers">one array per name of <see cref="OptimizerState.Names"/>, each of <paramref name="Length"/> values</param>
public sealed record OptimizerBlockState(int Length, long Steps, float[][] Buffers);
