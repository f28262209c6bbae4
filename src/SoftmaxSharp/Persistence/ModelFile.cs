using System.Text.Json;
using System.Text.Json.Serialization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Persistence;

/// <summary>
/// The model file: JSON with a format name and version, the model kind, shapes, class and feature
/// names, the scaling and the weights. Floats are written in their shortest round-trip form, so a
/// loaded model predicts bit-identically. Files are written to a temporary file and renamed, so a
/// crash never leaves half a model behind.
/// </summary>
public static class ModelFile
{
    public const string Format = "softmaxsharp-model";
    public const int Version = 1;
    const string SoftmaxKind = "softmax-regression";


    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(SoftmaxRegression model, string path)
    {
        int k = model.Classes, d = model.Features;
        var rows = new float[k][];
        for (int c = 0; c < k; c++) rows[c] = model.Weights.AsSpan(c * d, d).ToArray();
        var document = new ModelDocument(Format, Version, SoftmaxKind, d, k, model.ClassNames, model.FeatureNames,
            FeatureScaler.Name(model.Scaler.Kind), model.Scaler.Shift, model.Scaler.Divisor, rows, model.Bias);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, ModelJsonContext.Default.ModelDocument));
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a damaged or foreign file is a <see cref="UserInputException"/>.</summary>
    public static SoftmaxRegression Load(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a model file", "Give the file written by 'softmax train --out'", path);
        if (!File.Exists(path)) throw new UserInputException("model file not found", "Train one with 'softmax train --out model.json'", path);
        ModelDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize(stream, ModelJsonContext.Default.ModelDocument);
        }
        catch (JsonException e)
        {
            throw new UserInputException($"not a valid model file ({e.Message})", "Give a file written by 'softmax train --out'", path, e.LineNumber + 1 ?? 0, (int)(e.BytePositionInLine + 1 ?? 0));
        }
        catch (IOException e) { throw new UserInputException($"cannot read the model file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions", path); }

        if (document is null || document.Format != Format)
            throw new UserInputException("not a SoftmaxSharp model file", "Give a file written by 'softmax train --out'", path);
        if (document.Version > Version)
            throw new UserInputException($"model file format version {document.Version} is newer than this tool's ({Version})", "Update SoftmaxSharp", path);
        if (document.Kind != SoftmaxKind)
            throw new UserInputException($"unknown model kind '{document.Kind}'", "This version reads softmax-regression models", path);
        int k = document.Classes, d = document.Features;
        if (k < 1 || d < 1 || document.ClassNames?.Length != k || document.FeatureNames?.Length != d || document.Bias?.Length != k
            || document.Weights?.Length != k || document.Weights.Any(row => row?.Length != d)
            || document.ScalingShift?.Length != d || document.ScalingDivisor?.Length != d)
            throw new UserInputException($"the model file's shapes do not agree with {k} classes × {d} features", "The file is damaged; train the model again", path);
        var weights = new float[k * d];
        for (int c = 0; c < k; c++) document.Weights[c].CopyTo(weights, c * d);
        var scaler = new FeatureScaler(FeatureScaler.ParseKind(document.Scaling), document.ScalingShift, document.ScalingDivisor);
        return new SoftmaxRegression(weights, document.Bias, document.FeatureNames, document.ClassNames, scaler);
    }
}

/// <summary>The JSON shape of a model file.</summary>
internal sealed record ModelDocument(
    string Format, int Version, string Kind, int Features, int Classes,
    string[] ClassNames, string[] FeatureNames,
    string Scaling, float[] ScalingShift, float[] ScalingDivisor,
    float[][] Weights, float[] Bias);

/// <summary>Source-generated serialization (works with trimming and AOT).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ModelDocument))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
