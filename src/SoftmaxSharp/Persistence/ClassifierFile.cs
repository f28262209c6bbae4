using System.Text.Json;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Persistence;

/// <summary>Reads and writes a model file of any classifier kind: the file's "kind" picks the reader.</summary>
public static class ClassifierFile
{
    /// <summary>Writes <paramref name="model"/> with the writer of its kind.</summary>
    public static void Save(IClassifier model, string path)
    {
        switch (model)
        {
            case NeuralNetwork network: NetworkFile.Save(network, path); break;
            case SoftmaxRegression softmax: ModelFile.Save(softmax, path); break;
            default: throw new ArgumentException($"no model file kind for {model.GetType().Name}", nameof(model));
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/> (or <see cref="ModelFile.Save"/>); a damaged or foreign file is a <see cref="UserInputException"/>.</summary>
    public static IClassifier Load(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a model file", "Give the file written by 'softmax train --out'", path);
        if (!File.Exists(path)) throw new UserInputException("model file not found", "Train one with 'softmax train --out model.json'", path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new UserInputException($"cannot read the model file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
        using var stream = new MemoryStream(bytes, writable: false);
        return KindOf(bytes) == NetworkFile.Kind ? NetworkFile.Load(stream, path) : ModelFile.Load(stream, path);
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
