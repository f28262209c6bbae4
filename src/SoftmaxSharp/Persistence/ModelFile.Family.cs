using System.Text.Json;
using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Persistence;

/// <summary>
/// Model files of logistic and linear regression: the same format, version and checksum as softmax regression,
/// with kind "logistic-regression" (w as one row of weights, b [1], the two class names and the threshold) or
/// "linear-regression" (w, b [1], no classes, the target's name and the training loss).
/// </summary>
public static partial class ModelFile
{
    public const string LogisticKind = "logistic-regression";
    public const string LinearKind = "linear-regression";
    /// <summary>The kinds this version reads.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [SoftmaxKind, LogisticKind, LinearKind];

    /// <summary>Writes a logistic regression to <paramref name="path"/> atomically.</summary>
    public static void Save(LogisticRegression model, string path) => Write(ToDocument(model), path);

    /// <summary>Writes a linear regression to <paramref name="path"/> atomically.</summary>
    public static void Save(LinearRegression model, string path) => Write(ToDocument(model), path);

    /// <summary>Writes any model of the family (<see cref="SoftmaxRegression"/>, <see cref="LogisticRegression"/>, <see cref="LinearRegression"/>).</summary>
    public static void SaveAny(object model, string path)
    {
        switch (model)
        {
            case SoftmaxRegression softmax: Save(softmax, path); break;
            case LogisticRegression logistic: Save(logistic, path); break;
            case LinearRegression linear: Save(linear, path); break;
            default: throw new ArgumentException($"cannot save a {model.GetType().Name}", nameof(model));
        }
    }

    /// <summary>
    /// Reads a model file of any kind: a <see cref="SoftmaxRegression"/>, <see cref="LogisticRegression"/> or
    /// <see cref="LinearRegression"/>. A damaged file or an unknown kind is a <see cref="UserInputException"/>.
    /// </summary>
    public static object LoadAny(string path)
    {
        Load(path, out object model);
        return model;
    }

    /// <inheritdoc cref="LoadAny(string)"/>
    public static object LoadAny(Stream stream, string name)
    {
        var document = ReadDocument(stream, name);
        return document.Kind switch
        {
            SoftmaxKind => FromDocument(document, name),
            LogisticKind => LogisticFromDocument(document, name),
            LinearKind => LinearFromDocument(document, name),
            _ => throw UnexpectedKind(document.Kind, name),
        };
    }

    static void Load(string path, out object model)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a model file", "Give the file written by 'softmax train --out'", path);
        if (!File.Exists(path)) throw new UserInputException("model file not found", "Train one with 'softmax train --out model.json'", path);
        try
        {
            using var stream = File.OpenRead(path);
            model = LoadAny(stream, path);
        }
        catch (IOException e) { throw new UserInputException($"cannot read the model file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
    }

    static UserInputException UnexpectedKind(string? kind, string name) => Kinds.Contains(kind)
        ? new UserInputException($"the file holds a {kind} model, and this reads only {SoftmaxKind} models", "Use a command that accepts every kind (predict, evaluate, export)", name)
        : new UserInputException($"unknown model kind '{kind}'", $"This version reads {string.Join(", ", Kinds)} models; a newer SoftmaxSharp may read it", name);

    static void Write(ModelDocument document, string path) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, Seal(document), ModelJsonContext.Default.ModelDocument));

    internal static ModelDocument ToDocument(LogisticRegression model) =>
        new(Format, Version, LogisticKind, model.Features, 2, model.ClassNames, model.FeatureNames,
            FeatureScaler.Name(model.Scaler.Kind), model.Scaler.Shift, model.Scaler.Divisor, [model.Weights], model.Bias, Threshold: model.Threshold);

    internal static ModelDocument ToDocument(LinearRegression model) =>
        new(Format, Version, LinearKind, model.Features, 0, [], model.FeatureNames,
            FeatureScaler.Name(model.Scaler.Kind), model.Scaler.Shift, model.Scaler.Divisor, [model.Weights], model.Bias,
            Target: model.TargetName, Loss: model.Loss == RegressionLoss.Mse ? "mse" : "mae");

    static LogisticRegression LogisticFromDocument(ModelDocument document, string name)
    {
        var (weights, scaler) = OneOutput(document, name, classes: 2);
        if (document.ClassNames?.Length != 2 || document.ClassNames.Any(n => n is null))
            throw Damaged($"a logistic-regression model needs 2 class names", name);
        if (document.Threshold is not (> 0f and < 1f)) throw Damaged("the threshold is missing or not between 0 and 1", name);
        return new LogisticRegression(weights, document.Bias[0], document.FeatureNames, document.ClassNames, scaler, document.Threshold.Value);
    }

    static LinearRegression LinearFromDocument(ModelDocument document, string name)
    {
        var (weights, scaler) = OneOutput(document, name, classes: 0);
        if (document.Target is null) throw Damaged("the target name is missing", name);
        var loss = document.Loss switch
        {
            "mse" => RegressionLoss.Mse,
            "mae" => RegressionLoss.Mae,
            _ => throw Damaged($"unknown loss '{document.Loss}'", name),
        };
        return new LinearRegression(weights, document.Bias[0], document.FeatureNames, document.Target, scaler, loss);
    }

    /// <summary>The checks shared by the one-output kinds: w as one row of d, b [1], the scaling, all finite.</summary>
    static (float[] Weights, FeatureScaler Scaler) OneOutput(ModelDocument document, string name, int classes)
    {
        int d = document.Features;
        if (d < 1 || document.Classes != classes || document.FeatureNames?.Length != d || document.FeatureNames.Any(n => n is null)
            || document.Weights?.Length != 1 || document.Weights[0]?.Length != d || document.Bias?.Length != 1
            || document.ScalingShift?.Length != d || document.ScalingDivisor?.Length != d)
            throw Damaged($"the model file's shapes do not agree with one output × {d} features", name);
        if (!AllFinite(document.Weights[0]) || !AllFinite(document.Bias) || !AllFinite(document.ScalingShift) || !AllFinite(document.ScalingDivisor))
            throw Damaged("the model file holds NaN or infinite numbers", name);
        return (document.Weights[0], new FeatureScaler(FeatureScaler.ParseKind(document.Scaling ?? "(missing)"), document.ScalingShift, document.ScalingDivisor));
    }

    static UserInputException Damaged(string what, string name) => new(what, "The file is damaged; train the model again", name);
}
