using System.Text.Json;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Persistence;

/// <summary>Reads and writes a model file of any classifier kind: the file's "kind" picks the reader.</summary>
public static class ClassifierFile
{
    /// <summary>Writes <paramref name="model"/> (of any kind) with the writer of its kind.</summary>
    public static void Save(object model, string path)
    {
        if (model is NeuralNetwork network) NetworkFile.Save(network, path);
        else ModelFile.SaveAny(model, path);
    }

    /// <summary>Reads a softmax regression or network file; a damaged or foreign file (or another kind) is a <see cref="UserInputException"/>.</summary>
    public static IClassifier Load(string path) => LoadAny(path) as IClassifier
        ?? throw new UserInputException("the model file holds a model without class probabilities over k classes", "Give a softmax regression or network model", path);

    /// <summary>
    /// Reads a model file of any kind: a <see cref="NeuralNetwork"/> for kind "network", otherwise what
    /// <see cref="ModelFile.LoadAny(Stream, string)"/> reads (softmax, logistic or linear regression).
    /// </summary>
    public static object LoadAny(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a model file", "Give the file written by 'softmax train --out'", path);
        if (!File.Exists(path)) throw new UserInputException("model file not found", "Train one with 'softmax train --out model.json'", path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new UserInputException($"cannot read the model file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
        using var stream = new MemoryStream(bytes, writable: false);
        return KindOf(bytes) == NetworkFile.Kind ? NetworkFile.Load(stream, path) : ModelFile.LoadAny(stream, path);
    }

    /// <summary>The top-level "kind" string of a JSON model file, or null (the regular reader then says what is wrong).</summary>
    static string? KindOf(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isKind = reader.ValueTextEquals("kind");
                if (!reader.Read()) return null;
                if (isKind) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException) { }
        return null;
    }
}
