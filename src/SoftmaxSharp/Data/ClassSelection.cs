namespace SoftmaxSharp.Data;

/// <summary>A slice of a multi-class dataset: e.g. Fashion-MNIST's T-shirt vs Trouser for logistic regression.</summary>
public static class ClassSelection
{
    /// <summary>
    /// The rows whose class is one of <paramref name="classes"/>, relabelled 0, 1, … in the order given
    /// (so the first named class becomes the negative class of logistic regression).
    /// </summary>
    public static Dataset SelectClasses(this Dataset data, IReadOnlyList<int> classes)
    {
        if (data.IsRegression) throw new UserInputException($"{data.Source}: a regression table has no classes to pick", "Leave out --classes");
        if (classes.Count < 2 || classes.Distinct().Count() != classes.Count || classes.Any(c => (uint)c >= (uint)data.Classes))
            throw new UserInputException($"pick two or more distinct classes of 0..{data.Classes - 1} (got {string.Join(",", classes)})",
                $"Use e.g. --classes 0,1 or class names ({string.Join(", ", data.ClassNames.Take(4))}…)");
        var newLabel = Enumerable.Repeat(-1, data.Classes).ToArray();
        for (int i = 0; i < classes.Count; i++) newLabel[classes[i]] = i;
        var rows = Enumerable.Range(0, data.Rows).Where(i => newLabel[data.Labels[i]] >= 0).ToArray();
        var subset = data.Subset(rows);
        var labels = rows.Select(i => newLabel[data.Labels[i]]).ToArray();
        string[] names = classes.Select(c => data.ClassNames[c]).ToArray();
        var selected = subset.Pixels is not null
            ? new Dataset(subset.Pixels, labels, data.FeatureNames, names, data.Source)
            : new Dataset(subset.Features, labels, data.FeatureNames, names, data.Source);
        return subset.SampleWeights is null ? selected : selected.WithSampleWeights(subset.SampleWeights);
    }

    /// <summary>
    /// Parses "0,1" (class indices) or "T-shirt/top,Trouser" (class names, case-insensitive) against <paramref name="classNames"/>.
    /// A token that is a class name wins over reading it as an index.
    /// </summary>
    public static int[] Parse(string spec, IReadOnlyList<string> classNames)
    {
        var result = new List<int>();
        foreach (string token in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int byName = classNames.ToList().FindIndex(n => n.Equals(token, StringComparison.OrdinalIgnoreCase));
            if (byName >= 0) result.Add(byName);
            else if (int.TryParse(token, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0 && index < classNames.Count)
                result.Add(index);
            else
                throw new UserInputException($"--classes: '{token}' is neither a class name nor an index 0..{classNames.Count - 1}",
                    $"The classes are {string.Join(", ", classNames.Select((n, i) => $"{i} {n}"))}");
        }
        return result.ToArray();
    }
}
