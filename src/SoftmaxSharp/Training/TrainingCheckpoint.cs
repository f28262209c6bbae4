using SoftmaxSharp.Optimizers;

namespace SoftmaxSharp.Training;

/// <summary>
/// The state of a gradient-descent run after <paramref name="Epoch"/> epochs: everything needed to go on
/// bit-identically. The random number generator's state is not stored but rebuilt from the seed by
/// replaying the completed epochs' shuffles.
/// </summary>
/// <param name="Weights">W [k, d] after epoch <paramref name="Epoch"/></param>
/// <param name="Bias">b [k]</param>
/// <param name="History">the results of epochs 1..<paramref name="Epoch"/></param>
/// <param name="Optimizer">the optimizer's state (momentum buffers, Adam's moments, step counts); null for none yet</param>
/// <param name="BestWeights">under early stopping, W [k, d] of the best epoch so far (null before one)</param>
/// <param name="BestBias">b [k] of the best epoch so far</param>
public sealed record TrainingCheckpoint(int Epoch, float[] Weights, float[] Bias, EpochResult[] History,
    OptimizerState? Optimizer = null, float[]? BestWeights = null, float[]? BestBias = null);
