namespace SoftmaxSharp.Data;

/// <summary>A small dataset shipped inside the library.</summary>
/// <param name="IsRegression">the last column is a numeric target (linear regression), not a class</param>
public sealed record EmbeddedDataset(string Name, string Description, string Resource, bool IsRegression = false);

/// <summary>The lectures' Iris tables, the full 150-row Iris and the lectures' area→price table, embedded so that they need no file.</summary>
public static class EmbeddedDatasets
{
    /// <summary>The dataset <c>softmax train</c> uses when none is named.</summary>
    public const string Default = "iris";

    public static IReadOnlyList<EmbeddedDataset> All { get; } =
    [
        new("iris", "Fisher's Iris: 150 flowers, 4 features (sepal/petal length/width, cm), 3 species", "iris.csv"),
        new("iris-1d-2c", "lecture 000: petal length → 2 classes, 6 rows", "iris_1d_2c.csv"),
        new("iris-1d-3c", "lecture 000: petal length → 3 classes, 9 rows", "iris_1d_3c.csv"),
        new("iris-2d-3c", "lecture 000: petal length and width → 3 classes, 9 rows", "iris_2d_3c.csv"),
        new("iris-4d-3c", "lecture 000: sepal and petal length and width → 3 classes, 9 rows", "iris_4d_3c.csv"),
        new("house-prices", "lecture 000: house area → price, 4 rows (linear regression)", "house_prices.csv", IsRegression: true),
    ];

    /// <summary>True when <paramref name="name"/> names an embedded dataset.</summary>
    public static bool Contains(string name) => All.Any(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Loads an embedded dataset by name (case-insensitive).</summary>
    public static Dataset Load(string name)
    {
        var entry = All.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UserInputException($"there is no embedded dataset '{name}'", $"Embedded datasets: {string.Join(", ", All.Select(d => d.Name))}");
        using var stream = typeof(EmbeddedDatasets).Assembly.GetManifestResourceStream("SoftmaxSharp.Data.Embedded." + entry.Resource)
            ?? throw new InvalidOperationException($"resource {entry.Resource} is missing from the assembly");
        using var reader = new StreamReader(stream);
        var table = CsvReader.Read(reader, entry.Name);
        return entry.IsRegression ? table.ToRegressionDataset() : table.ToDataset();
    }
}
