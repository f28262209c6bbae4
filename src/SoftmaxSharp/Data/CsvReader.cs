using System.Runtime.CompilerServices;
using System.Numerics;
using System.Globalization;
using System.Text;

namespace SoftmaxSharp.Data;

/// <summary>
/// The numbers of a CSV file: a header row, then one sample per line. Every column but the label
/// column is a numeric feature; the label column holds class names (any text) or is absent.
/// </summary>
/// <param name="Features">X [n, d], row-major</param>
/// <param name="FeatureNames">[d]</param>
/// <param name="Labels">the label cell of each row [n], or null when the file has no label column</param>
/// <param name="LabelColumnName">the label column's header, or null</param>
/// <param name="LineNumbers">the 1-based line of each row [n], for messages</param>
public sealed record CsvTable(string Path, float[] Features, string[] FeatureNames, string[]? Labels, string? LabelColumnName, long[] LineNumbers)
{
    public int Rows => LineNumbers.Length;

    /// <summary>
    /// Labels as class indices. With <paramref name="classNames"/> (a trained model's) each label must be one
    /// of them; without, the classes are the distinct labels, in numeric order if all are integers, else ordinal.
    /// </summary>
    public Dataset ToDataset(IReadOnlyList<string>? classNames = null)
    {
        if (Labels is null) throw new UserInputException("the file has no label column", "Name it with --label", Path);
        string[] names = classNames?.ToArray() ?? DistinctClassNames(Labels);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++) index[names[c]] = c;
        var y = new int[Labels.Length];
        for (int i = 0; i < Labels.Length; i++)
        {
            if (!index.TryGetValue(Labels[i], out y[i]))
                throw new UserInputException($"class '{Labels[i]}' in column '{LabelColumnName}' is not one the model knows ({string.Join(", ", names)})",
                    "Evaluate on data with the model's classes, or train a model that includes this class", Path, LineNumbers[i]);
        }
        return new Dataset(Features, y, FeatureNames, names, Path);
    }

    /// <summary>The label column read as a number: a regression table with numeric targets (<see cref="Dataset.Regression"/>).</summary>
    public Dataset ToRegressionDataset()
    {
        if (Labels is null) throw new UserInputException("the file has no target column", "Name it with --label", Path);
        var targets = new float[Labels.Length];
        for (int i = 0; i < Labels.Length; i++)
            if (!float.TryParse(Labels[i], NumberStyles.Float, CultureInfo.InvariantCulture, out targets[i]) || !float.IsFinite(targets[i]))
                throw new UserInputException($"the target '{Labels[i]}' in column '{LabelColumnName}' is not a number",
                    "Linear regression needs a numeric target column (use '.' for decimals); for class names train --model softmax or logistic", Path, LineNumbers[i]);
        return Dataset.Regression(Features, targets, FeatureNames, LabelColumnName!, Path);
    }

    static string[] DistinctClassNames(string[] labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToArray();
        bool allIntegers = distinct.All(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        return allIntegers
            ? distinct.OrderBy(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : distinct.OrderBy(s => s, StringComparer.Ordinal).ToArray();
    }
}

/// <summary>Reads CSV files into <see cref="CsvTable"/>s; every problem is a <see cref="UserInputException"/> with line and column.</summary>
public static partial class CsvReader
{
    /// <summary>
    /// Reads <paramref name="path"/>. <paramref name="labelColumn"/> is a header name or a 1-based column number;
    /// null means the last column; "none" means the file has no labels (all columns are features).
    /// The delimiter is detected from the header (comma, semicolon or tab) unless given.
    /// </summary>
    public static CsvTable Read(string path, string? labelColumn = null, char? delimiter = null)
    {
        using var lines = Open(path);
        try { return ReadChunks(lines, path, labelColumn, delimiter, int.MaxValue).Single(); }
        catch (IOException e) { throw new UserInputException($"cannot read the file: {e.Message}", "Check that it exists and is readable", path); }
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="name"/> names it in messages.</summary>
    public static CsvTable Read(TextReader reader, string name, string? labelColumn = null, char? delimiter = null) =>
        ReadChunks(reader, name, labelColumn, delimiter, int.MaxValue).Single();

    /// <summary>
    /// Reads <paramref name="path"/> in tables of at most <paramref name="chunkRows"/> rows each, so that a file of any size
    /// is read in bounded memory: only one chunk is held at a time. Errors are found as the chunk that holds them is read.
    /// </summary>
    /// <param name="reuseFeatures">each full chunk's <see cref="CsvTable.Features"/> is the array of the chunk before it,
    /// overwritten — for a caller done with a chunk when it asks for the next (`softmax predict`): one array for the whole
    /// file instead of fresh memory for every chunk</param>
    public static IEnumerable<CsvTable> ReadChunks(string path, int chunkRows, string? labelColumn = null, char? delimiter = null, bool reuseFeatures = false)
    {
        var lines = Open(path);
        return Chunks(lines);

        IEnumerable<CsvTable> Chunks(CsvLines owned)
        {
            using (owned)
                foreach (var chunk in ReadChunks(owned, path, labelColumn, delimiter, chunkRows, reuseFeatures)) yield return chunk;
        }
    }

    /// <summary>Reads CSV text in tables of at most <paramref name="chunkRows"/> rows (see <see cref="ReadChunks(string, int, string?, char?, bool)"/>).</summary>
    public static IEnumerable<CsvTable> ReadChunks(TextReader reader, string name, string? labelColumn, char? delimiter, int chunkRows) =>
        ReadChunks(CsvLines.Of(reader), name, labelColumn, delimiter, chunkRows);

    static CsvLines Open(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a CSV file", "Give the path of a .csv file", path);
        if (!File.Exists(path)) throw new UserInputException("file not found", "Check the path", path);
        try { return CsvLines.Open(path); }
        catch (IOException e) { throw new UserInputException($"cannot read the file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
    }

    static IEnumerable<CsvTable> ReadChunks(CsvLines lines, string name, string? labelColumn, char? delimiter, int chunkRows, bool reuseFeatures = false)
    {
        if (chunkRows < 1) throw new ArgumentOutOfRangeException(nameof(chunkRows));
        string? headerLine = null;
        long lineNumber = 0;
        while (headerLine is null && lines.TryRead(out var first))
        {
            lineNumber++;
            if (!IsBlank(first)) headerLine = Encoding.UTF8.GetString(first);
        }
        if (headerLine is null) throw new UserInputException("the file is empty", "A CSV file needs a header row and one row per sample", name);
        char separator = delimiter ?? Detect(headerLine);
        var header = Split(headerLine, separator, name, lineNumber).Select(f => f.Text.Trim()).ToArray();
        int labelIndex = LabelIndex(header, labelColumn, name, lineNumber);
        if (header.Length - (labelIndex >= 0 ? 1 : 0) == 0)
            throw new UserInputException("the file has no feature columns", "A CSV file needs at least one numeric feature column besides the label", name, lineNumber);

        string[] featureNames = header.Where((_, j) => j != labelIndex).ToArray();
        int d = featureNames.Length;
        byte plainSeparator = PlainSeparator(separator);
        var separators = new int[header.Length];                  // a plain row's separator positions (one more: the row has too many)
        float[] x = [];                                           // X of this chunk: its first `count` floats
        int count = 0;
        var labels = labelIndex >= 0 ? new List<string>() : null;
        var rowLines = new List<long>();
        bool any = false;
        while (true)
        {
            if (rowLines.Count == chunkRows)
            {
                yield return new CsvTable(name, Exact(x, count), featureNames, labels?.ToArray(), labelIndex >= 0 ? header[labelIndex] : null, rowLines.ToArray());
                (x, count) = (reuseFeatures ? x : [], 0);   // (a full chunk's table holds x itself: Exact copies only a shorter one)
                labels?.Clear();
                rowLines.Clear();
            }
            if (!lines.TryRead(out var line)) break;
            lineNumber++;
            if (IsBlank(line)) continue;
            if (count + d > x.Length)                             // x empty (a chunk's first row): room for this line and the chunk's rest; else full
                x = Grown(x, count, d, name, x.Length == 0 ? lines.CountLinesAhead(chunkRows - 1) + 1 ?? 0 : 0);
            var row = x.AsSpan(count, d);
            string? label;
            if (plainSeparator == 0 || !TryReadPlainRow(line, plainSeparator, labelIndex, row, separators, out label))   // the usual row: no quotes, plain decimals
                label = ReadRow(Encoding.UTF8.GetString(line), separator, header, labelIndex, row, name, lineNumber);
            if (label is not null) labels!.Add(label);
            count += d;
            rowLines.Add(lineNumber);
            any = true;
        }
        if (!any) throw new UserInputException("the file has a header but no data rows", "Add one row per sample below the header", name);
        if (rowLines.Count > 0)
            yield return new CsvTable(name, Exact(x, count), featureNames, labels?.ToArray(), labelIndex >= 0 ? header[labelIndex] : null, rowLines.ToArray());
    }

    /// <summary>
    /// Room for more rows of <paramref name="d"/> floats: at first as many as <paramref name="estimatedRows"/> (a file's lines
    /// from the chunk's first row on, up to its rows: exact but for blank lines, so the array is filled once, not grown by
    /// copies), then twice as many each time it fills.
    /// </summary>
    static float[] Grown(float[] x, int count, int d, string name, long estimatedRows)
    {
        long capacity = x.Length == 0 ? Math.Max(16, estimatedRows) * d : 2L * x.Length;
        var grown = GC.AllocateUninitializedArray<float>((int)Math.Min(capacity, Array.MaxLength));
        if (grown.Length < count + d) throw new UserInputException("the file has more numbers than one array can hold", "Split the file", name);
        x.AsSpan(0, count).CopyTo(grown);
        return grown;
    }

    /// <summary>The first <paramref name="count"/> floats, without a copy where they fill the array.</summary>
    static float[] Exact(float[] x, int count) => count == x.Length ? x : x.AsSpan(0, count).ToArray();

    /// <summary>Any row, the slow way: split honouring quotes, then every cell parsed, or a message that says what is wrong.</summary>
    static string? ReadRow(string line, char separator, string[] header, int labelIndex, Span<float> row, string name, long lineNumber)
    {
        var fields = Split(line, separator, name, lineNumber);
        if (fields.Count != header.Length)
            throw new UserInputException($"this row has {fields.Count} fields but the header has {header.Length}",
                $"Every row needs one value per column (delimiter '{Printable(separator)}')", name, lineNumber, fields[Math.Min(fields.Count - 1, header.Length)].Column);  // the first extra field, or the last one present
        string? label = null;
        for (int j = 0, k = 0; j < fields.Count; j++)
        {
            var (text, column) = fields[j];
            if (j == labelIndex)
            {
                label = text.Trim();
                if (label.Length == 0) throw new UserInputException($"the label in column '{header[j]}' is empty", "Every training row needs a class", name, lineNumber, column);
                continue;
            }
            row[k++] = ParseNumber(text, header[j], name, lineNumber, column);
        }
        return label;
    }

    /// <summary>A line of nothing but white space (skipped, as blank lines are).</summary>
    static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\v' or (byte)'\f') continue;
            return b < 0x80 ? false : Encoding.UTF8.GetString(line).Trim().Length == 0;   // non-ASCII: Unicode's white space
        }
        return true;
    }

    /// <summary>The column names of a CSV file's header row (delimiter detected unless given).</summary>
    public static string[] ReadHeader(string path, char? delimiter = null)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not a CSV file", "Give the path of a .csv file", path);
        if (!File.Exists(path)) throw new UserInputException("file not found", "Check the path", path);
        string? header;
        try { header = File.ReadLines(path).FirstOrDefault(line => line.Trim().Length > 0); }
        catch (IOException e) { throw new UserInputException($"cannot read the file: {e.Message}", "Check that it exists and is readable", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
        if (header is null) throw new UserInputException("the file is empty", "A CSV file needs a header row and one row per sample", path);
        return Split(header, delimiter ?? Detect(header), path, 1).Select(f => f.Text.Trim()).ToArray();
    }

    static float ParseNumber(string text, string columnName, string file, long line, int column)
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw new UserInputException($"empty value in feature column '{columnName}'", "Fill in or drop rows with missing values", file, line, column);
        if (TryParsePlainDecimal(trimmed, out float plain)) return plain;
        if (!float.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            throw new UserInputException($"'{trimmed}' in feature column '{columnName}' is not a number",
                "Features must be numbers (use '.' for decimals); name the label column with --label if it is not the last", file, line, column);
        if (!float.IsFinite(value))
            throw new UserInputException($"'{trimmed}' in feature column '{columnName}' is not a finite number", "Remove or replace NaN and infinite values", file, line, column);
        return value;
    }

    /// <summary>10^0 … 10^10: every one is exactly a float (5^10 &lt; 2^24).</summary>
    static readonly float[] s_powersOfTen = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>
    /// The fast path for the usual cell, [+−]digits[.digits] with at most 10 decimals and a mantissa m ≤ 2^24
    /// (pixels, most measurements): x = ±m / 10^f. Both m and 10^f are exact floats, so the one IEEE division is
    /// correctly rounded — the very float that float.Parse returns (Clinger's fast path). Anything else
    /// (exponents, long mantissas, text) returns false and goes to float.TryParse.
    /// </summary>
    static bool TryParsePlainDecimal(ReadOnlySpan<char> text, out float value)
    {
        int i = 0;
        return TryScanPlainDecimal(text, ref i, out value) && i == text.Length;
    }

    /// <summary>
    /// [+−]digits[.digits] from text[i..] as x = ±m / 10^f (see <see cref="TryParsePlainDecimal"/>), for UTF-16 cells and
    /// UTF-8 lines alike; i is left at the first character after the number. False when there is no digit, m &gt; 2^24 or f &gt; 10.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]      // once per cell: inlined into the row's loop
    static bool TryScanPlainDecimal<T>(ReadOnlySpan<T> text, ref int i, out float value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        bool negative = false;
        if (i < text.Length && int.CreateTruncating(text[i]) is '-' or '+') negative = int.CreateTruncating(text[i++]) == '-';
        int mantissa = 0, digits = 0, decimals = 0;
        bool point = false;
        for (; i < text.Length; i++)
        {
            int character = int.CreateTruncating(text[i]), digit = character - '0';
            if ((uint)digit <= 9)
            {
                mantissa = mantissa * 10 + digit;
                if (mantissa > 1 << 24) return false;
                digits++;
                if (point) decimals++;
            }
            else if (character == '.' && !point) point = true;
            else break;
        }
        if (digits == 0 || decimals >= s_powersOfTen.Length) return false;
        value = decimals == 0 ? mantissa : mantissa / s_powersOfTen[decimals];   // (a whole number needs no division: m / 1 = m)
        if (negative) value = -value;
        return true;
    }

    static int LabelIndex(string[] header, string? labelColumn, string file, long line)
    {
        if (labelColumn is null) return header.Length - 1;
        if (labelColumn.Equals("none", StringComparison.OrdinalIgnoreCase)) return -1;
        int byName = Array.FindIndex(header, h => h.Equals(labelColumn, StringComparison.OrdinalIgnoreCase));
        if (byName >= 0) return byName;
        if (int.TryParse(labelColumn, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) && number >= 1 && number <= header.Length)
            return number - 1;
        throw new UserInputException($"there is no label column '{labelColumn}'",
            $"The columns are: {string.Join(", ", header)}; give a name or a number from 1 to {header.Length}", file, line);
    }

    static char Detect(string header)
    {
        int commas = header.Count(c => c == ','), semicolons = header.Count(c => c == ';'), tabs = header.Count(c => c == '\t');
        if (tabs > commas && tabs >= semicolons) return '\t';
        if (semicolons > commas) return ';';
        return ',';
    }

    static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();

    /// <summary>Splits one line into fields, honouring double quotes ("a,b" and "" for a quote). Columns are 1-based.</summary>
    static List<(string Text, int Column)> Split(string line, char separator, string file, long lineNumber)
    {
        var fields = new List<(string, int)>();
        int i = 0;
        while (true)
        {
            int start = i;
            if (i < line.Length && line[i] == '"')
            {
                var text = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw new UserInputException("a quoted field is not closed", "Close the quote on the same line", file, lineNumber, start + 1);
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { text.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    text.Append(line[i++]);
                }
                fields.Add((text.ToString(), start + 1));
                if (i < line.Length && line[i] != separator)
                    throw new UserInputException($"unexpected text after a quoted field", "Put the delimiter right after the closing quote", file, lineNumber, i + 1);
            }
            else
            {
                int end = line.IndexOf(separator, i);
                if (end < 0) end = line.Length;
                fields.Add((line[i..end], start + 1));
                i = end;
            }
            if (i >= line.Length) break;
            i++;                                                  // skip the separator
            if (i == line.Length) { fields.Add(("", i + 1)); break; }
        }
        return fields;
    }
}
