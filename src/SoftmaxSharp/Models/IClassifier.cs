using SoftmaxSharp.Data;

namespace SoftmaxSharp.Models;

/// <summary>
/// What <c>softmax predict</c>, <c>evaluate</c> and <c>export</c> need of a trained classifier, whatever its kind:
/// raw features in (the model applies its own scaling), class probabilities and indices out.
/// </summary>
public interface IClassifier
{
    /// <summary>[d]</summary>
    string[] FeatureNames { get; }
    /// <summary>[k]</summary>
    string[] ClassNames { get; }
    /// <summary>d</summary>
    int Features { get; }
    /// <summary>k</summary>
    int Classes { get; }
    /// <summary>Ŷ [n, k] for the rows of X [n, d] (raw features).</summary>
    float[] PredictProba(ReadOnlySpan<float> x);
    /// <summary>argmaxₖ ŷₖ for each row of X [n, d].</summary>
    int[] Predict(ReadOnlySpan<float> x);
    /// <summary>argmaxₖ ŷₖ for each row of a dataset.</summary>
    int[] Predict(Dataset data);
    /// <summary>Mean cross-entropy on a dataset.</summary>
    double Loss(Dataset data);
}
