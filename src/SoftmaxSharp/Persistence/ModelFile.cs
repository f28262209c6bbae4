using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Persistence;

/// <summary>
/// The model file: JSON with a format name and version, the model kind, shapes, class and feature
/// names, the scaling, the weights and a checksum. Floats are written in their shortest round-trip
/// form, so a loaded model predicts bit-identically. Files are written to a temporary file and renamed,
/// so a crash never leaves half a model behind.
/// </summary>
/// <remarks>
/// Version 2 added <c>checksum</c>: "sha256:" and the hex SHA-256 of the file's canonical content (the
/// document serialized as this class writes it, without the checksum). A truncated or edited file is
/// refused. Version 1 files (no checksum) are still read.
/// </remarks>
public static partial class ModelFile
{
    public const string Format = "softmaxsharp-model";
    public const int Version = 2;
    const string SoftmaxKind = "softmax-regression";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(SoftmaxRegression model, string path) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, Seal(ToDocument(model)), ModelJsonContext.Default.ModelDocument));

    /// <summary>Reads a model written by <see cref="Save(SoftmaxRegression, string)"/>; a damaged or foreign file is a <see cref="UserInputException"/>.</summary>
    public static SoftmaxRegression Load(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a model file", "Give the file written by 'softmax train --out'", path);
        if (!File.Exists(path)) throw new UserInputException("model file not found", "Train one with 'softmax train --out model.json'", path);
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (IOException e) { throw new UserInputException($"cannot read the model file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
    }

    /// <summary>Reads a model from <paramref name="stream"/>; <paramref name="name"/> names it in messages.</summary>
    public static SoftmaxRegression Load(Stream stream, string name) => FromDocument(ReadDocument(stream, name), name);

    /// <summary>A model file's checked document (format, version, checksum), of any kind.</summary>
    static ModelDocument ReadDocument(Stream stream, string name)
    {
        var document = Deserialize(stream, ModelJsonContext.Default.ModelDocument, name, "model file");
        if (document is null || document.Format != Format)
            throw new UserInputException("not a SoftmaxSharp model file", "Give a file written by 'softmax train --out'", name);
        if (document.Version > Version)
            throw new UserInputException($"model file format version {document.Version} is newer than this tool's ({Version})", "Update SoftmaxSharp", name);
        if (document.Version < 1)
            throw new UserInputException($"model file format version {document.Version} is not one this tool knows", "Train the model again", name);
        if (document.Version >= 2) CheckChecksum(document, name);
        return document;
    }

    internal static ModelDocument ToDocument(SoftmaxRegression model)
    {
        int k = model.Classes, d = model.Features;
        var rows = new float[k][];
        for (int c = 0; c < k; c++) rows[c] = model.Weights.AsSpan(c * d, d).ToArray();
        return new ModelDocument(Format, Version, SoftmaxKind, d, k, model.ClassNames, model.FeatureNames,
            FeatureScaler.Name(model.Scaler.Kind), model.Scaler.Shift, model.Scaler.Divisor, rows, model.Bias);
    }

    internal static SoftmaxRegression FromDocument(ModelDocument document, string name)
    {
        if (document.Kind != SoftmaxKind)
            throw UnexpectedKind(document.Kind, name);
        int k = document.Classes, d = document.Features;
        if (k < 1 || d < 1 || document.ClassNames?.Length != k || document.FeatureNames?.Length != d || document.Bias?.Length != k
            || document.Weights?.Length != k || document.Weights.Any(row => row?.Length != d)
            || document.ScalingShift?.Length != d || document.ScalingDivisor?.Length != d
            || document.ClassNames.Any(n => n is null) || document.FeatureNames.Any(n => n is null))
            throw new UserInputException($"the model file's shapes do not agree with {k} classes × {d} features", "The file is damaged; train the model again", name);
        if (document.Weights.Any(row => !AllFinite(row)) || !AllFinite(document.Bias) || !AllFinite(document.ScalingShift) || !AllFinite(document.ScalingDivisor))
            throw new UserInputException("the model file holds NaN or infinite numbers", "The file is damaged; train the model again", name);
        var weights = new float[k * d];
        for (int c = 0; c < k; c++) document.Weights[c].CopyTo(weights, c * d);
        var scaler = new FeatureScaler(FeatureScaler.ParseKind(document.Scaling ?? "(missing)"), document.ScalingShift, document.ScalingDivisor);
        return new SoftmaxRegression(weights, document.Bias, document.FeatureNames, document.ClassNames, scaler);
    }

    /// <summary>Deserializes JSON; a syntax error (a truncated file, say) is a <see cref="UserInputException"/> with line and column.</summary>
    internal static T? Deserialize<T>(Stream stream, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string name, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(stream, type);
        }
        catch (JsonException e)
        {
            throw new UserInputException($"not a valid {what}: it is truncated or damaged ({FirstSentence(e.Message)})", "Give an undamaged file written by 'softmax train'",
                name, e.LineNumber + 1 ?? 0, (int)(e.BytePositionInLine + 1 ?? 0));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or System.Text.DecoderFallbackException)
        {
            throw new UserInputException($"not a valid {what}: it is damaged ({FirstSentence(e.Message)})", "Give an undamaged file written by 'softmax train'", name);
        }
    }

    /// <summary>The checksum of <paramref name="document"/>'s canonical content: "sha256:" + hex SHA-256 of it serialized without a checksum.</summary>
    internal static string Checksum<T>(T document, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document, type)));

    static ModelDocument Seal(ModelDocument document) => document with { Checksum = Checksum(document with { Checksum = null }, ModelJsonContext.Default.ModelDocument) };

    static void CheckChecksum(ModelDocument document, string name)
    {
        if (document.Checksum is null)
            throw new UserInputException("the model file has no checksum", "The file is damaged or was edited; train the model again", name);
        if (document.Checksum != Checksum(document with { Checksum = null }, ModelJsonContext.Default.ModelDocument))
            throw new UserInputException("the model file's checksum does not match its content", "The file was edited or damaged after it was written; train the model again", name);
    }

    static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');

    static bool AllFinite(float[] values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }
}

/// <summary>The JSON shape of a model file.</summary>
internal sealed record ModelDocument(
    string Format, int Version, string Kind, int Features, int Classes,
    string[] ClassNames, string[] FeatureNames,
    string Scaling, float[] ScalingShift, float[] ScalingDivisor,
    float[][] Weights, float[] Bias, string? Checksum = null,
    float? Threshold = null, string? Target = null, string? Loss = null);   // logistic-regression: Threshold; linear-regression: Target, Loss

/// <summary>Source-generated serialization (works with trimming and AOT).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelDocument))]
[JsonSerializable(typeof(CheckpointDocument))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
