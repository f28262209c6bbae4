namespace SoftmaxSharp.Training;

/// <summary>
/// The state of a gradient-descent run after <paramref name="Epoch"/> epochs: everything needed to go on
/// bit-identically. Plain gradient descent has no optimizer state beyond W and b; the random number
/// generator's state is not stored but rebuilt from the seed by replaying the completed epochs' shuffles.
/// </summary>
/// <param name="Weights">W [k, d] after epoch <paramref name="Epoch"/></param>
/// <param name="Bias">b [k]</param>
/// <param name="History">the results of epochs 1..<paramref name="Epoch"/></param>
public sealed record TrainingCheckpoint(int Epoch, float[] Weights, float[] Bias, EpochResult[] History);
