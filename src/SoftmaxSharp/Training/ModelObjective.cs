using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Training;

/// <summary>
/// Any <see cref="IDifferentiableModel"/> as an <see cref="IObjective"/>: x is its parameter blocks one after the
/// other (in <see cref="IDifferentiableModel.Parameters"/> order), J = the model's <see cref="IDifferentiableModel.Objective"/>
/// on <paramref name="data"/> with λ = <paramref name="l2"/>. Evaluating writes x into the model's parameters.
/// </summary>
public sealed class ModelObjective(IDifferentiableModel model, Dataset data, double l2) : IObjective
{
    readonly IReadOnlyList<ParameterBlock> _blocks = model.Parameters;
    readonly float[][] _gradients = model.Parameters.Select(block => new float[block.Values.Length]).ToArray();

    public int Dimension => _blocks.Sum(block => block.Values.Length);

    /// <summary>x [n] ← the model's current parameters.</summary>
    public void Read(Span<double> x)
    {
        int offset = 0;
        foreach (var block in _blocks)
            for (int i = 0; i < block.Values.Length; i++) x[offset++] = block.Values[i];
    }

    /// <summary>The model's parameters ← x [n], rounded to float.</summary>
    public void Write(ReadOnlySpan<double> x)
    {
        int offset = 0;
        foreach (var block in _blocks)
            for (int i = 0; i < block.Values.Length; i++) block.Values[i] = (float)x[offset++];
    }

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Write(x);
        double objective = model.Objective(data, _gradients, l2);
        int offset = 0;
        foreach (float[] block in _gradients)
            for (int i = 0; i < block.Length; i++) gradient[offset++] = block[i];
        return objective;
    }
}
