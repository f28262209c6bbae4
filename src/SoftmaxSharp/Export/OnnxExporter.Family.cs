using Google.Protobuf;
using Onnx;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Export;

/// <summary>
/// ONNX graphs of logistic and linear regression (same IR version, opset, input and scaling as softmax regression):
/// <code>
///   logistic:  z = scaled wᵀ + b                 Gemm(transB = 1)            [N, 1]
///              probabilities = σ([−z, z])        Neg, Concat, Sigmoid        [N, 2] = (1 − ŷ, ŷ)
///              label = (ŷ ≥ threshold)           Gather, GreaterOrEqual, Cast   int64 [N]
///              class_name = class_names[label]   Gather                      string [N]
///   linear:    prediction = scaled wᵀ + b        Gemm(transB = 1), Reshape   float [N]
/// </code>
/// </summary>
public static partial class OnnxExporter
{
    /// <summary>Writes a logistic regression to <paramref name="path"/> (atomically).</summary>
    public static void Save(LogisticRegression model, string path) => WriteBytes(ToBytes(model), path);

    /// <summary>Writes a linear regression to <paramref name="path"/> (atomically).</summary>
    public static void Save(LinearRegression model, string path) => WriteBytes(ToBytes(model), path);

    /// <summary>Writes any model of the family.</summary>
    public static void SaveAny(object model, string path)
    {
        switch (model)
        {
            case SoftmaxRegression softmax: Save(softmax, path); break;
            case LogisticRegression logistic: Save(logistic, path); break;
            case LinearRegression linear: Save(linear, path); break;
            default: throw new ArgumentException($"cannot export a {model.GetType().Name}", nameof(model));
        }
    }

    /// <summary>The serialized ModelProto of a logistic regression: outputs 'label', 'class_name' and 'probabilities' [N, 2].</summary>
    public static byte[] ToBytes(LogisticRegression model)
    {
        if (!model.IsFitted) throw new InvalidOperationException("the model has not been trained: call Fit first");
        int d = model.Features;
        var graph = new GraphProto { Name = "logistic_regression", DocString = "ŷ = σ(wᵀscale(x) + b); label = ŷ ≥ threshold" };
        graph.Input.Add(Value("features", TensorProto.Types.DataType.Float, "N", d));
        string scaled = AddScaling(graph, model.Scaler, d);
        graph.Initializer.Add(FloatTensor("w", model.Weights, 1, d));
        graph.Initializer.Add(FloatTensor("b", model.Bias, 1));
        graph.Initializer.Add(FloatTensor("threshold", [model.Threshold]));
        graph.Initializer.Add(new TensorProto { Name = "positive", DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { 1 } });   // scalar index 1
        AddClassNames(graph, model.ClassNames);

        graph.Node.Add(Gemm(scaled, "w", "b", "logit"));                                   // z [N, 1]
        graph.Node.Add(Node("Neg", ["logit"], ["negative_logit"], "negate"));
        var concat = Node("Concat", ["negative_logit", "logit"], ["logits"], "pair");       // [−z, z]: σ gives (1 − ŷ, ŷ)
        concat.Attribute.Add(IntAttribute("axis", 1));
        graph.Node.Add(concat);
        graph.Node.Add(Node("Sigmoid", ["logits"], ["probabilities"], "sigmoid"));
        var positive = Node("Gather", ["probabilities", "positive"], ["positive_probability"], "positive_probability");   // ŷ [N]
        positive.Attribute.Add(IntAttribute("axis", 1));
        graph.Node.Add(positive);
        graph.Node.Add(Node("GreaterOrEqual", ["positive_probability", "threshold"], ["is_positive"], "threshold"));
        var cast = Node("Cast", ["is_positive"], ["label"], "label");
        cast.Attribute.Add(IntAttribute("to", (long)TensorProto.Types.DataType.Int64));
        graph.Node.Add(cast);
        AddClassNameOutputs(graph, 2);
        return Serialize(graph, $"Logistic regression: {d} features, classes {model.ClassNames[0]} (y = 0) and {model.ClassNames[1]} (y = 1), threshold {model.Threshold}",
            model.ClassNames, model.FeatureNames);
    }

    /// <summary>The serialized ModelProto of a linear regression: output 'prediction' [N].</summary>
    public static byte[] ToBytes(LinearRegression model)
    {
        if (!model.IsFitted) throw new InvalidOperationException("the model has not been trained: call Fit first");
        int d = model.Features;
        var graph = new GraphProto { Name = "linear_regression", DocString = "ŷ = wᵀscale(x) + b" };
        graph.Input.Add(Value("features", TensorProto.Types.DataType.Float, "N", d));
        string scaled = AddScaling(graph, model.Scaler, d);
        graph.Initializer.Add(FloatTensor("w", model.Weights, 1, d));
        graph.Initializer.Add(FloatTensor("b", model.Bias, 1));
        graph.Initializer.Add(new TensorProto { Name = "flat", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { -1 } });
        graph.Node.Add(Gemm(scaled, "w", "b", "prediction_column"));                        // [N, 1]
        graph.Node.Add(Node("Reshape", ["prediction_column", "flat"], ["prediction"], "flatten"));
        graph.Output.Add(Value("prediction", TensorProto.Types.DataType.Float, "N"));
        return Serialize(graph, $"Linear regression: {d} features → {model.TargetName}", null, model.FeatureNames, ("target_name", model.TargetName));
    }

    static void WriteBytes(byte[] bytes, string path) => AtomicFile.Write(path, stream => stream.Write(bytes));
}
