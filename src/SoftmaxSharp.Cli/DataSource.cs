using SoftmaxSharp.Data;

namespace SoftmaxSharp.Cli;

/// <summary>
/// What --data names: an embedded dataset ("iris"), a CSV file, or a directory in MNIST layout
/// (train-* files, and t10k-* files that become the test set).
/// </summary>
static class DataSource
{
    public const string Help =
        "An embedded dataset (see 'softmax datasets'), a CSV file (header row; label column last unless --label), " +
        "or a directory of MNIST-format IDX files (train-* and t10k-*), e.g. /usr/share/datasets/fashion-mnist";

    /// <summary>True for an IDX directory: its pixels are scaled ÷255 by default, CSV and embedded data are standardized.</summary>
    public static bool IsImages(string data) => IdxReader.IsIdxDirectory(data);

    public const string DelimiterHelp = "The CSV delimiter: ',', ';', tab, '|' or another single character (default: detected from the header)";

    /// <summary>The --delimiter option's value as a character; null (detect) when not given.</summary>
    public static char? ParseDelimiter(string? text) => text switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        { Length: 1 } when text[0] is not ('"' or '\n' or '\r') => text[0],
        _ => throw new UserInputException($"--delimiter '{text}' is not a single character", "Use e.g. --delimiter ';' or --delimiter tab"),
    };

    /// <summary>Loads labelled data: a training set and, for an IDX directory with t10k files, its test set.</summary>
    public static (Dataset Data, Dataset? Test) LoadLabelled(string data, string? label, IReadOnlyList<string>? classNames = null, char? delimiter = null)
    {
        if (IdxReader.IsIdxDirectory(data))
        {
            var (train, test) = IdxReader.ReadDirectory(data);
            return (train, test);
        }
        if (!File.Exists(data) && !Directory.Exists(data) && EmbeddedDatasets.Contains(data))
            return (EmbeddedDatasets.Load(data), null);
        if (Directory.Exists(data))
            throw new UserInputException("is a directory without MNIST-format files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz])", "Give a CSV file, an embedded dataset name, or an IDX directory", data);
        if (!File.Exists(data))
            throw new UserInputException("no such file, directory or embedded dataset", $"Embedded datasets: {string.Join(", ", EmbeddedDatasets.All.Select(d => d.Name))}", data);
        return (CsvReader.Read(data, label, delimiter).ToDataset(classNames), null);
    }

    /// <summary>
    /// Loads data for a trained model: for an IDX directory its test part (t10k) when present; for a CSV file
    /// the label column is optional (a file with exactly the model's feature count has none).
    /// </summary>
    public static (float[] Features, int Rows, Dataset? Labelled) LoadForModel(string data, string? label, Models.IClassifier model, char? delimiter = null)
    {
        if (IdxReader.IsIdxDirectory(data) || (!File.Exists(data) && EmbeddedDatasets.Contains(data)))
        {
            var (train, test) = LoadLabelled(data, label);
            var labelled = test ?? train;
            CheckFeatures(labelled.Columns, model, data);
            return (labelled.Features, labelled.Rows, Relabel(labelled, model));
        }
        var table = CsvReader.Read(data, CsvLabel(data, label, model, delimiter), delimiter);
        CheckFeatures(table.FeatureNames.Length, model, data);
        return (table.Features, table.Rows, table.Labels is null ? null : table.ToDataset(model.ClassNames));
    }

    /// <summary>Moves the feature column <paramref name="column"/> out of the features into the sample weights.</summary>
    public static Dataset TakeWeightColumn(Dataset data, string column)
    {
        int j = Array.IndexOf(data.FeatureNames, column);
        if (j < 0)
            throw new UserInputException($"no column '{column}' for --weight-column (the feature columns are {Preview(data.FeatureNames)})", "Name a column of the CSV header", data.Source);
        if (data.Columns == 1) throw new UserInputException($"'{column}' is the only feature column", "A weight column cannot be the only feature", data.Source);
        int d = data.Columns, n = data.Rows;
        var features = new float[n * (d - 1)];
        var weights = new float[n];
        var row = new float[d];
        for (int i = 0; i < n; i++)
        {
            data.CopyRow(i, row);
            weights[i] = row[j];
            row.AsSpan(0, j).CopyTo(features.AsSpan(i * (d - 1), j));
            row.AsSpan(j + 1).CopyTo(features.AsSpan(i * (d - 1) + j, d - 1 - j));
        }
        var names = data.FeatureNames.Where((_, c) => c != j).ToArray();
        return new Dataset(features, data.Labels, names, data.ClassNames, data.Source).WithSampleWeights(weights);
    }

    /// <summary>True when <paramref name="data"/> is read as a CSV file (not an IDX directory or an embedded dataset).</summary>
    public static bool IsCsv(string data) => !IdxReader.IsIdxDirectory(data) && (File.Exists(data) || !EmbeddedDatasets.Contains(data));

    /// <summary>
    /// Reads a CSV file for a model in chunks of <paramref name="chunkRows"/> rows (bounded memory): the label column,
    /// when there is one, is skipped. Each chunk's X [rows, d] is checked against the model's features, and overwritten by
    /// the next chunk (one array for the whole file): use each before asking for the next.
    /// </summary>
    /// <remarks>
    /// The first chunk is read here, before anything is written: a missing file, a bad header or a bad row among
    /// the first <paramref name="chunkRows"/> fails with no output at all. A bad row further on stops the stream there
    /// (and `--out` writes no file, as it is written atomically).
    /// </remarks>
    public static IEnumerable<CsvTable> StreamForModel(string data, string? label, Models.IClassifier model, char? delimiter, int chunkRows)
    {
        var chunks = CsvReader.ReadChunks(data, chunkRows, CsvLabel(data, label, model, delimiter), delimiter, reuseFeatures: true).GetEnumerator();
        try
        {
            chunks.MoveNext();                                    // a CSV file has at least one row, or this throws
            CheckFeatures(chunks.Current.FeatureNames.Length, model, data);
        }
        catch
        {
            chunks.Dispose();
            throw;
        }
        return Rest(chunks);

        static IEnumerable<CsvTable> Rest(IEnumerator<CsvTable> chunks)
        {
            using (chunks)
            {
                do yield return chunks.Current;
                while (chunks.MoveNext());
            }
        }
    }

    /// <summary>The label column to pass to the CSV reader: "none" when the file has exactly the model's feature columns.</summary>
    static string? CsvLabel(string data, string? label, Models.IClassifier model, char? delimiter)
    {
        if (Directory.Exists(data) || !File.Exists(data)) LoadLabelled(data, label);   // throws the right message
        bool onlyFeatures = label is null && CsvReader.ReadHeader(data, delimiter).Length == model.Features;
        return onlyFeatures ? "none" : label;
    }

    static Dataset Relabel(Dataset data, Models.IClassifier model)
    {
        if (data.ClassNames.SequenceEqual(model.ClassNames)) return data;
        var index = model.ClassNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        var labels = new int[data.Rows];
        for (int i = 0; i < data.Rows; i++)
            if (!index.TryGetValue(data.ClassNames[data.Labels[i]], out labels[i]))
                throw new UserInputException($"class '{data.ClassNames[data.Labels[i]]}' is not one the model knows", "Use data with the model's classes", data.Source);
        return new Dataset(data.Features, labels, data.FeatureNames, model.ClassNames, data.Source);
    }

    static void CheckFeatures(int columns, Models.IClassifier model, string data)
    {
        if (columns != model.Features)
            throw new UserInputException($"the data has {columns} feature columns but the model was trained on {model.Features} ({Preview(model.FeatureNames)})",
                "Give data with the same feature columns as the training data (and name the label column with --label)", data);
    }

    static string Preview(string[] names) => names.Length <= 6 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + ", …";
}
