using System.Diagnostics;
using System.Text;
using nietras.SeparatedValues;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Bench;

/// <summary>One parser's time to read the whole numeric CSV into floats.</summary>
/// <param name="CpuSeconds">the process's CPU time for the same runs (median): every parser here runs on one thread, so on a
/// loaded machine this is the fairer figure — it does not count the time other processes held the core</param>
public sealed record ParseFigures(string Parser, double Seconds, double CpuSeconds, double FileBytes, long Values)
{
    public double MegabytesPerSecond => FileBytes / Seconds / 1e6;
}

/// <summary>`softmax predict` on the CSV, in-process, writing its predictions to a file.</summary>
public sealed record PredictCsvFigures(double Seconds, double FileBytes, int Rows);

/// <summary>
/// CSV parsing: the test images written once as a numeric CSV (n × (d pixels + a label), integers as
/// text), then read into float arrays by our <see cref="CsvReader"/> and by the fastest .NET parsers
/// that restore here (nietras' Sep, which calls itself the world's fastest, Sylvan.Data.Csv, CsvHelper), each on one thread;
/// and `softmax predict` end to end on the same file, to see whether parsing bounds it.
/// </summary>
static class CsvBench
{
    public static string WriteCsv(Dataset data, string directory)
    {
        string path = Path.Combine(directory, "images.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(string.Join(",", data.FeatureNames) + ",label");
        int d = data.Columns;
        var line = new StringBuilder();
        byte[] pixels = data.Pixels ?? throw new ArgumentException("the CSV bench writes image data");
        for (int i = 0; i < data.Rows; i++)
        {
            line.Clear();
            for (int j = 0; j < d; j++) line.Append(pixels[i * d + j]).Append(',');
            line.Append(data.Labels[i]);
            writer.WriteLine(line);
        }
        return path;
    }

    public static List<ParseFigures> Parse(string path, int runs)
    {
        double bytes = new FileInfo(path).Length;
        var parsers = new (string Name, Func<string, long> Read)[]
        {
            ("SoftmaxSharp CsvReader", ReadOurs),
            ("Sep 0.18.0", ReadSep),
            ("Sylvan.Data.Csv 1.4.4", ReadSylvan),
            ("CsvHelper 34.0.0", ReadCsvHelper),
        };
        // In turn, a round at a time: a run's time depends on the memory the process has touched before (a fresh page costs this
        // VM several µs on first touch, and each parser allocates tens of MB), so each parser gets runs at every stage of it.
        var values = parsers.Select(parser => parser.Read(path)).ToArray();   // warm-up, and the counts to check all read the same
        var times = parsers.Select(_ => new List<double>()).ToArray();
        var cpuTimes = parsers.Select(_ => new List<double>()).ToArray();
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
            for (int p = 0; p < parsers.Length; p++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                parsers[p].Read(path);
                times[p].Add(clock.Elapsed.TotalSeconds);
                process.Refresh();
                cpuTimes[p].Add((process.TotalProcessorTime - cpu).TotalSeconds);
            }
        return parsers.Select((parser, p) => new ParseFigures(parser.Name, Report.Median(times[p]), Report.Median(cpuTimes[p]), bytes, values[p])).ToList();
    }

    /// <summary>Our reader: X [n, d] floats and the label column as text (what `softmax predict` and `train` use).</summary>
    static long ReadOurs(string path)
    {
        var table = CsvReader.Read(path);
        return table.Features.LongLength + table.Rows;
    }

    /// <summary>Sep 0.18: SIMD separator search, csFastFloat for the numbers; one thread (its ParallelEnumerate would use both cores).</summary>
    static long ReadSep(string path)
    {
        using var reader = Sep.Reader().FromFile(path);
        var values = new List<float>();
        foreach (var row in reader)
            values.AddRange(row[0..row.ColCount].Parse<float>());   // all of a row's columns at once: its fastest way to floats
        return values.Count;
    }

    static long ReadSylvan(string path)
    {
        using var reader = Sylvan.Data.Csv.CsvDataReader.Create(path);
        var values = new List<float>();
        while (reader.Read())
            for (int j = 0; j < reader.FieldCount; j++) values.Add(reader.GetFloat(j));
        return values.Count;
    }

    /// <summary>CsvHelper 34: a SIMD UTF-8 reader; Parse&lt;float&gt; parses the field's bytes in place.</summary>
    static long ReadCsvHelper(string path)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path);
        var values = new List<float>();
        while (reader.Read())                                  // the first call reads the header too
            for (int j = 0; j < reader.FieldCount; j++) values.Add(reader.Parse<float>(j));
        return values.Count;
    }

    /// <summary>`softmax predict --model M --data CSV --label label --out P`, run in-process: median of <paramref name="runs"/> after a warm-up.</summary>
    public static PredictCsvFigures PredictEndToEnd(SoftmaxRegression model, string csv, int rows, int runs)
    {
        string directory = Path.GetDirectoryName(csv)!;
        string modelPath = Path.Combine(directory, "model.json"), output = Path.Combine(directory, "predictions.csv");
        ModelFile.Save(model, modelPath);
        string[] args = ["predict", "--model", modelPath, "--data", csv, "--label", "label", "--out", output];
        var times = new List<double>();
        for (int r = 0; r < runs + 1; r++)
        {
            var clock = Stopwatch.StartNew();
            var errors = new StringWriter();
            int code = Cli.Cli.Run(args, TextWriter.Null, errors);
            if (code != 0) throw new InvalidOperationException($"softmax predict failed ({code}): {errors}");
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        return new PredictCsvFigures(Report.Median(times), new FileInfo(csv).Length, rows);
    }
}
