using System.Text.Json;
using System.Text.Json.Serialization;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Persistence;

/// <summary>
/// A <see cref="NeuralNetwork"/> as a model file of kind "network": the same format, version, checksum and
/// atomic write as <see cref="ModelFile"/>, with the layer sizes [d, n¹, …, k], the hidden activation and, per
/// layer, W [nˡ, nˡ⁻¹] (one unit per row) and b [nˡ]. Floats in shortest round-trip form: a reloaded network
/// predicts bit-identically.
/// </summary>
public static class NetworkFile
{
    /// <summary>The model kind written in the file.</summary>
    public const string Kind = "network";

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(NeuralNetwork network, string path)
    {
        var document = ToDocument(network);
        document = document with { Checksum = ModelFile.Checksum(document, NetworkJsonContext.Default.NetworkDocument) };
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, NetworkJsonContext.Default.NetworkDocument));
    }

    /// <summary>Reads a network file; a damaged or foreign file is a <see cref="UserInputException"/>.</summary>
    public static NeuralNetwork Load(string path) => ClassifierFile.Load(path) as NeuralNetwork
        ?? throw new UserInputException("the model file holds a softmax regression, not a network", "Give a file written by 'softmax train --hidden …'", path);

    internal static NeuralNetwork Load(Stream stream, string name)
    {
        var document = ModelFile.Deserialize(stream, NetworkJsonContext.Default.NetworkDocument, name, "model file");
        if (document is null || document.Format != ModelFile.Format)
            throw new UserInputException("not a SoftmaxSharp model file", "Give a file written by 'softmax train --out'", name);
        if (document.Version != ModelFile.Version)
            throw new UserInputException($"network files are version {ModelFile.Version}, this one says {document.Version}", "Train the model again", name);
        if (document.Checksum is null || document.Checksum != ModelFile.Checksum(document with { Checksum = null }, NetworkJsonContext.Default.NetworkDocument))
            throw new UserInputException("the model file's checksum does not match its content", "The file was edited or damaged after it was written; train the model again", name);
        return FromDocument(document, name);
    }

    static NetworkDocument ToDocument(NeuralNetwork network)
    {
        int[] sizes = network.LayerSizes;
        var layers = new NetworkLayerDocument[network.Layers];
        for (int l = 0; l < layers.Length; l++)
        {
            int units = sizes[l + 1], inputs = sizes[l];
            var rows = new float[units][];
            for (int u = 0; u < units; u++) rows[u] = network.Weights(l).AsSpan(u * inputs, inputs).ToArray();
            layers[l] = new NetworkLayerDocument(rows, network.Bias(l));
        }
        return new NetworkDocument(ModelFile.Format, ModelFile.Version, Kind, network.Features, network.Classes, network.ClassNames, network.FeatureNames,
            FeatureScaler.Name(network.Scaler.Kind), network.Scaler.Shift, network.Scaler.Divisor,
            sizes, Activations.Name(network.Activation), layers);
    }

    static NeuralNetwork FromDocument(NetworkDocument document, string name)
    {
        int k = document.Classes, d = document.Features;
        int[]? sizes = document.LayerSizes;
        var damaged = new UserInputException("the model file's shapes do not agree with its layer sizes", "The file is damaged; train the model again", name);
        if (sizes is null || sizes.Length < 2 || sizes[0] != d || sizes[^1] != k || sizes.Any(n => n < 1) || d < 1 || k < 1
            || document.ClassNames?.Length != k || document.FeatureNames?.Length != d || document.ClassNames.Any(n => n is null) || document.FeatureNames.Any(n => n is null)
            || document.ScalingShift?.Length != d || document.ScalingDivisor?.Length != d || document.Layers?.Length != sizes.Length - 1)
            throw damaged;
        var weights = new float[sizes.Length - 1][];
        var biases = new float[sizes.Length - 1][];
        for (int l = 0; l < weights.Length; l++)
        {
            var layer = document.Layers[l];
            int units = sizes[l + 1], inputs = sizes[l];
            if (layer?.Weights?.Length != units || layer.Weights.Any(row => row?.Length != inputs) || layer.Bias?.Length != units) throw damaged;
            weights[l] = new float[units * inputs];
            for (int u = 0; u < units; u++) layer.Weights[u].CopyTo(weights[l], u * inputs);
            biases[l] = layer.Bias;
            if (!AllFinite(weights[l]) || !AllFinite(biases[l]))
                throw new UserInputException("the model file holds NaN or infinite numbers", "The file is damaged; train the model again", name);
        }
        Activation activation;
        try { activation = Activations.Parse(document.Activation ?? "(missing)"); }
        catch (UserInputException e) { throw new UserInputException(e.Problem, "The file is damaged; train the model again", name); }
        var scaler = new FeatureScaler(FeatureScaler.ParseKind(document.Scaling ?? "(missing)"), document.ScalingShift, document.ScalingDivisor);
        return new NeuralNetwork(weights, biases, activation, document.FeatureNames, document.ClassNames, scaler);
    }

    static bool AllFinite(float[] values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }
}

/// <summary>One Dense layer in a network file: W [units][inputs] and b [units].</summary>
internal sealed record NetworkLayerDocument(float[][] Weights, float[] Bias);

/// <summary>The JSON shape of a network file (the fields before <see cref="LayerSizes"/> are those of <see cref="ModelDocument"/>).</summary>
internal sealed record NetworkDocument(
    string Format, int Version, string Kind, int Features, int Classes,
    string[] ClassNames, string[] FeatureNames,
    string Scaling, float[] ScalingShift, float[] ScalingDivisor,
    int[] LayerSizes, string Activation, NetworkLayerDocument[] Layers, string? Checksum = null);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NetworkDocument))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
