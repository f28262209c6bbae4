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

        string scaled = AddScaling(graph, model.Scaler, d);
        graph.Initializer.Add(FloatTensor("W", model.Weights, k, d));
        graph.Initializer.Add(FloatTensor("b", model.Bias, k));
        AddClassNames(graph, model.ClassNames);
        graph.Node.Add(Gemm(scaled, "W", "b", "logits"));                                 // W is [k, d]: logits = x Wᵀ + b
        AddSoftmaxOutputs(graph, k);
        return Serialize(graph, $"Softmax regression: {d} features, {k} classes ({string.Join(", ", model.ClassNames)})", model.ClassNames, model.FeatureNames);
    }

    /// <summary>
    /// The head of every k-class model: probabilities = softmax(logits), label = argmax logits (softmax keeps the
    /// order, so argmax ŷ = argmax z), class_name = class_names[label]; and the three graph outputs.
    /// </summary>
    static void AddSoftmaxOutputs(GraphProto graph, int k)
    {
        var softmax = Node("Softmax", ["logits"], ["probabilities"], "softmax");
        softmax.Attribute.Add(IntAttribute("axis", 1));
        graph.Node.Add(softmax);
        var argMax = Node("ArgMax", ["logits"], ["label"], "argmax");
        argMax.Attribute.Add(IntAttribute("axis", 1));
        argMax.Attribute.Add(IntAttribute("keepdims", 0));
        graph.Node.Add(argMax);
        AddClassNameOutputs(graph, k);
    }

    /// <summary>class_name = class_names[label], and the outputs label, class_name and probabilities [N, k].</summary>
    static void AddClassNameOutputs(GraphProto graph, int k)
    {
        var gather = Node("Gather", ["class_names", "label"], ["class_name"], "class_name");
        gather.Attribute.Add(IntAttribute("axis", 0));
        graph.Node.Add(gather);
        graph.Output.Add(Value("label", TensorProto.Types.DataType.Int64, "N"));
        graph.Output.Add(Value("class_name", TensorProto.Types.DataType.String, "N"));
        graph.Output.Add(Value("probabilities", TensorProto.Types.DataType.Float, "N", k));
    }

    /// <summary>The ModelProto's bytes, with the class names (one per line; null for regression) and feature names as metadata.</summary>
    static byte[] Serialize(GraphProto graph, string description, string[]? classNames, string[] featureNames, params (string Key, string Value)[] metadata)
    {
        var proto = Model(graph, description);
        if (classNames is not null) proto.MetadataProps.Add(new StringStringEntryProto { Key = "class_names", Value = string.Join("\n", classNames) });
        foreach (var (key, value) in metadata) proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "feature_names", Value = string.Join("\n", featureNames) });
        return proto.ToByteArray();
    }

    /// <summary>scaled = (features − shift) / divisor (nothing for Scaling.None); returns the name of the scaled input.</summary>
    static string AddScaling(GraphProto graph, FeatureScaler scaler, int d)
    {
        if (scaler.Kind == Scaling.None) return "features";
        graph.Initializer.Add(FloatTensor("shift", scaler.Shift, d));
        graph.Initializer.Add(FloatTensor("divisor", scaler.Divisor, d));
        graph.Node.Add(Node("Sub", ["features", "shift"], ["shifted"], "scale_shift"));
        graph.Node.Add(Node("Div", ["shifted", "divisor"], ["scaled"], "scale_divide"));
        return "scaled";
    }

    static void AddClassNames(GraphProto graph, string[] names)
    {
        var classNames = new TensorProto { Name = "class_names", DataType = (int)TensorProto.Types.DataType.String };
        classNames.Dims.Add(names.Length);
        foreach (string name in names) classNames.StringData.Add(ByteString.CopyFromUtf8(name));
        graph.Initializer.Add(classNames);
    }

    /// <summary>output = input Wᵀ + b with W [k, d] as stored.</summary>
    static NodeProto Gemm(string input, string weights, string bias, string output, string name = "linear")
    {
        var gemm = Node("Gemm", [input, weights, bias], [output], name);
        gemm.Attribute.Add(IntAttribute("transB", 1));
        return gemm;
    }

    static AttributeProto IntAttribute(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    static ModelProto Model(GraphProto graph, string description)
    {
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SoftmaxSharp",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = description,
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
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
