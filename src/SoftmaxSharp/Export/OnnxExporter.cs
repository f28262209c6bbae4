using Google.Protobuf;
using Onnx;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Export;

/// <summary>
/// Writes a trained model as an ONNX graph that ONNX Runtime (or any ONNX 1.8+ runtime) runs:
/// <code>
///   features      float [N, d]   raw inputs, as the model takes them
///   scaled      = (features − shift) / divisor       Sub, Div   (left out for Scaling.None)
///   logits      = scaled Wᵀ + b                      Gemm(transB = 1), W [k, d] class-major as stored
///   probabilities = softmax(logits, axis 1)          float [N, k]
///   label       = argmax(logits, axis 1)             int64 [N], the class index
///   class_name  = class_names[label]                 string [N], Gather on a constant
/// </code>
/// IR version 7 and opset 13, so that ONNX 1.8 and later (Debian's python3-onnx 1.12 among them) accept it.
/// The class names are also stored as metadata (<c>class_names</c>, one per line).
/// </summary>
public static partial class OnnxExporter
{
    /// <summary>The ONNX IR version written (≤ 8 for Debian's onnx 1.12).</summary>
    public const long IrVersion = 7;
    /// <summary>The ai.onnx operator set used: Softmax with a single axis needs 13.</summary>
    public const long Opset = 13;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(SoftmaxRegression model, string path)
    {
        byte[] bytes = ToBytes(model);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The serialized ModelProto of <paramref name="model"/>.</summary>
    public static byte[] ToBytes(SoftmaxRegression model)
    {
        if (!model.IsFitted) throw new InvalidOperationException("the model has not been trained: call Fit first");
        int k = model.Classes, d = model.Features;
        var graph = new GraphProto { Name = "softmax_regression", DocString = "ŷ = softmax(W·scale(x) + b); label = argmax ŷ" };
        graph.Input.Add(Value("features", TensorProto.Types.DataType.Float, "N", d));

        string scaled = "features";
        if (model.Scaler.Kind != Scaling.None)
        {
            graph.Initializer.Add(FloatTensor("shift", model.Scaler.Shift, d));
            graph.Initializer.Add(FloatTensor("divisor", model.Scaler.Divisor, d));
            graph.Node.Add(Node("Sub", ["features", "shift"], ["shifted"], "scale_shift"));
            graph.Node.Add(Node("Div", ["shifted", "divisor"], ["scaled"], "scale_divide"));
            scaled = "scaled";
        }
        graph.Initializer.Add(FloatTensor("W", model.Weights, k, d));
        graph.Initializer.Add(FloatTensor("b", model.Bias, k));
        var classNames = new TensorProto { Name = "class_names", DataType = (int)TensorProto.Types.DataType.String };
        classNames.Dims.Add(k);
        foreach (string name in model.ClassNames) classNames.StringData.Add(ByteString.CopyFromUtf8(name));
        graph.Initializer.Add(classNames);

        var gemm = Node("Gemm", [scaled, "W", "b"], ["logits"], "linear");
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });   // W is [k, d]: logits = x Wᵀ + b
        graph.Node.Add(gemm);
        var softmax = Node("Softmax", ["logits"], ["probabilities"], "softmax");
        softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(softmax);
        var argMax = Node("ArgMax", ["logits"], ["label"], "argmax");       // softmax keeps the order: argmax ŷ = argmax z
        argMax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        argMax.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        graph.Node.Add(argMax);
        var gather = Node("Gather", ["class_names", "label"], ["class_name"], "class_name");
        gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        graph.Node.Add(gather);

        graph.Output.Add(Value("label", TensorProto.Types.DataType.Int64, "N"));
        graph.Output.Add(Value("class_name", TensorProto.Types.DataType.String, "N"));
        graph.Output.Add(Value("probabilities", TensorProto.Types.DataType.Float, "N", k));

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SoftmaxSharp",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = $"Softmax regression: {d} features, {k} classes ({string.Join(", ", model.ClassNames)})",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "class_names", Value = string.Join("\n", model.ClassNames) });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "feature_names", Value = string.Join("\n", model.FeatureNames) });
        return proto.ToByteArray();
    }

    static NodeProto Node(string op, string[] inputs, string[] outputs, string name)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        return node;
    }

    static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(values);
        return tensor;
    }

    /// <summary>A tensor value: the first dimension symbolic (the batch), the others fixed.</summary>
    static ValueInfoProto Value(string name, TensorProto.Types.DataType type, string batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (long dim in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
