using SoftmaxSharp.Data;

namespace SoftmaxSharp.Models;

/// <summary>The checks every model makes on what it is asked to predict on, with the same messages.</summary>
internal static class ModelInput
{
    /// <summary><paramref name="data"/> if it has the model's d features (and, for a classifier, its classes); else a <see cref="UserInputException"/>.</summary>
    public static Dataset CheckColumns(Dataset data, int features, string[]? classNames)
    {
        if (data.Columns != features)
            throw new UserInputException($"{data.Source}: the data has {data.Columns} features but the model was trained on {features}",
                "Use data with the same feature columns as the training data");
        if (classNames is not null && !data.ClassNames.SequenceEqual(classNames))
            throw new UserInputException($"{data.Source}: the data's classes ({string.Join(", ", data.ClassNames)}) are not the model's ({string.Join(", ", classNames)})",
                "Read the data with the model's class names");
        return data;
    }

    /// <summary>n, the rows of X [n, d] given as one span; a <see cref="UserInputException"/> if its length is not a multiple of d.</summary>
    public static int Rows(ReadOnlySpan<float> x, int features, bool fitted, string model = "model")
    {
        if (!fitted || features == 0) throw NotFitted(model);
        if (x.Length % features != 0)
            throw new UserInputException($"the input has {x.Length} values, not a whole number of rows of {features} features", "Give rows with the model's features");
        return x.Length / features;
    }

    public static InvalidOperationException NotFitted(string model = "model") => new($"the {model} has not been trained: call Fit first");
}
