using System.Globalization;
using SoftmaxSharp.Cli;
using SoftmaxSharp.Data;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Tests.Cli;

namespace SoftmaxSharp.Tests.Robustness;



/// <summary>Issue 6: `softmax predict` streams a CSV in chunks, so memory is bounded by the chunk, not the file.</summary>
public sealed class StreamingPredictTests
{
    /// <summary>The bound: the child's GC heap is capped at 16 MiB (DOTNET_GCHeapHardLimit); past it, allocation throws OutOfMemoryException.</summary>
    const long HeapLimit = 16L << 20;

    static string GenerateCsv(string path, int rows)
    {
        var random = new Random(1);
        using var writer = new StreamWriter(path);
        writer.Write("f0,f1,f2,f3,f4,f5,f6,f7,label\n");
        Span<char> number = stackalloc char[16];
        for (int i = 0; i < rows; i++)
        {
            int c = random.Next(3);
            for (int j = 0; j < 8; j++)
            {
                (random.NextDouble() * 3 + (j % 3 == c ? 1 : 0)).TryFormat(number, out int written, "0.000", CultureInfo.InvariantCulture);
                writer.Write(number[..written]);
                writer.Write(',');
            }
            writer.Write('c');
            writer.Write((char)('0' + c));
            writer.Write('\n');
        }
        return path;
    }

    static string TrainModel(TempDirectory temp)
    {
        string data = GenerateCsv(temp.File("small.csv"), 3000), model = temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--epochs", "5", "--out", model).ExitCode);
        return model;
    }

    [Fact]
    public void ChunkedPredictions_AreThoseOfTheWholeFile()
    {
        using var temp = new TempDirectory();
        string model = TrainModel(temp);
        string data = GenerateCsv(temp.File("data.csv"), 2 * PredictCommand.ChunkRows + 123), output = temp.File("predictions.csv");

        Assert.Equal(0, CliRunner.Run("predict", "--model", model, "--data", data, "--out", output).ExitCode);

        var loaded = ModelFile.Load(model);
        float[] expected = loaded.PredictProba(CsvReader.Read(data).Features);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(2 * PredictCommand.ChunkRows + 124, lines.Length);
        for (int i = 0; i < lines.Length - 1; i++)
        {
            float[] p = lines[i + 1].Split(',').Skip(1).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(FloatBits.Of(expected.AsSpan(i * 3, 3).ToArray()), FloatBits.Of(p));
        }
    }

    [Fact]
    public void AFileThreeTimesTheHeapLimit_IsPredictedWithinIt()
    {
        using var temp = new TempDirectory();
        string model = TrainModel(temp);
        const int rows = 1_000_000;                               // ≈ 51 MB of CSV; its X alone would be 32 MB of floats
        string data = GenerateCsv(temp.File("big.csv"), rows), output = temp.File("predictions.csv");
        long size = new FileInfo(data).Length;
        Assert.True(size > 3 * HeapLimit, $"the file ({size} bytes) should be over 3 × the heap limit");

        var environment = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x" + HeapLimit.ToString("x", CultureInfo.InvariantCulture) };
        var (exitCode, stdout, stderr) = ChildProcess.Run(TimeSpan.FromMinutes(3), environment, "predict", "--model", model, "--data", data, "--out", output);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"Predictions for {rows} rows written to {output}", stdout);
        long lines = 0;
        using (var reader = new StreamReader(output))
            while (reader.ReadLine() is not null) lines++;
        Assert.Equal(rows + 1, lines);
    }

    [Fact]
    public void ABadRowInTheFirstChunk_PrintsOnlyTheError()
    {
        using var temp = new TempDirectory();
        string model = TrainModel(temp), data = temp.File("bad.csv", "f0,f1,f2,f3,f4,f5,f6,f7,label\n1,2,3,4,5,6,7,x,c0\n");

        var result = CliRunner.Run("predict", "--model", model, "--data", data);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("bad.csv:2:15: 'x' in feature column 'f7' is not a number", result.Error);
    }

    [Fact]
    public void ABadRowFarIntoTheFile_LeavesNoOutputFile()
    {
        using var temp = new TempDirectory();
        string model = TrainModel(temp), data = GenerateCsv(temp.File("data.csv"), 3 * PredictCommand.ChunkRows), output = temp.File("predictions.csv");
        File.AppendAllText(data, "1,2,3,4,5,6,7,oops,c0\n");

        var result = CliRunner.Run("predict", "--model", model, "--data", data, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"data.csv:{3 * PredictCommand.ChunkRows + 2}:15: 'oops' in feature column 'f7' is not a number", result.Error);
        Assert.False(File.Exists(output));                        // written atomically: all or nothing
        Assert.Equal(3, Directory.GetFiles(temp.Path).Length);    // small.csv, model.json, data.csv: no temporary file left
    }
}
