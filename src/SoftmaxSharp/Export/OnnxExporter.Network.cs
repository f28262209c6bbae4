using Google.Protobuf;
using Onnx;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Export;

/// <summary>
/// A <see cref="NeuralNetwork"/> as ONNX: the same inputs, outputs and scaling as softmax regression's graph, with one
/// Gemm per Dense layer and the hidden activation after each but the last:
/// <code>
///   h⁰ = scaled features                                   [N, d]
///   zˡ = hˡ⁻¹ Wˡᵀ + bˡ                    Gemm(transB = 1)  [N, nˡ]
///   hˡ = g(zˡ)                            Relu | LeakyRelu(alpha 0.1) | Tanh | Sigmoid | (nothing for linear)
///   probabilities = softmax(zᴸ), label = argmax zᴸ, class_name = class_names[label]
/// </code>
/// </summary>
public static partial class OnnxExporter
{
    /// <summary>Writes <paramref name="model"/> (of any kind) to <paramref name="path"/> (atomically).</summary>
    public static void Save(IClassifier model, string path)
    {
        byte[] bytes = model switch
        {
            NeuralNetwork network => ToBytes(network),
            SoftmaxRegression softmax => ToBytes(softmax),
            _ => throw new ArgumentException($"no ONNX graph for {model.GetType().Name}", nameof(model)),
        };
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The serialized ModelProto of <paramref name="network"/>.</summary>
    public static byte[] ToBytes(NeuralNetwork network)
    {
        if (!network.IsFitted) throw new InvalidOperationException("the network has not been trained: call Fit first");
        int k = network.Classes, d = network.Features;
        int[] sizes = network.LayerSizes;
        var graph = new GraphProto { Name = "feedforward_network", DocString = $"ŷ = softmax(W{network.Layers}·g(…g(W1·scale(x) + b1)…) + b{network.Layers}), g = {Activations.Name(network.Activation)}; label = argmax ŷ" };
        graph.Input.Add(Value("features", TensorProto.Types.DataType.Float, "N", d));

        string input = AddScaling(graph, network.Scaler, d);
        for (int l = 1; l <= network.Layers; l++)
        {
            bool output = l == network.Layers;
            graph.Initializer.Add(FloatTensor($"W{l}", network.Weights(l - 1), sizes[l], sizes[l - 1]));
            graph.Initializer.Add(FloatTensor($"b{l}", network.Bias(l - 1), sizes[l]));
            string z = output ? "logits" : $"z{l}";
            graph.Node.Add(Gemm(input, $"W{l}", $"b{l}", z, $"dense{l}"));            // Wˡ is [nˡ, nˡ⁻¹]: z = h Wᵀ + b
            input = output || network.Activation == Activation.Linear ? z : AddActivation(graph, network.Activation, z, $"h{l}", l);
        }
        AddClassNames(graph, network.ClassNames);
        AddSoftmaxOutputs(graph, k);
        return Serialize(graph, $"Feedforward network {string.Join("-", sizes)} ({Activations.Name(network.Activation)}): classes {string.Join(", ", network.ClassNames)}",
            network.ClassNames, network.FeatureNames);
    }

    /// <summary>Adds h = g(z) and returns h's name.</summary>
    static string AddActivation(GraphProto graph, Activation g, string z, string h, int layer)
    {
        var node = g switch
        {
            Activation.Relu => Node("Relu", [z], [h], $"relu{layer}"),
            Activation.Tanh => Node("Tanh", [z], [h], $"tanh{layer}"),
            Activation.Sigmoid => Node("Sigmoid", [z], [h], $"sigmoid{layer}"),
            Activation.LeakyRelu => Node("LeakyRelu", [z], [h], $"leaky_relu{layer}"),
            _ => throw new ArgumentOutOfRangeException(nameof(g)),
        };
        if (g == Activation.LeakyRelu) node.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = Activations.LeakySlope });
        graph.Node.Add(node);
        return h;
    }
}
