using System.Buffers.Binary;
using SoftmaxSharp.Tests.Cli;

namespace SoftmaxSharp.Tests.Robustness;



/// <summary>Issue 6: every kind of bad input gets one line naming file, line and column (when they apply), what is wrong and what to do; exit code 2.</summary>
public sealed class BadInputTests
{
    const string Good = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n";

    static void AssertUserError(CliRunner.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("softmax", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Contains(expected, result.Error);
    }

    static CliRunner.Result Train(TempDirectory temp, string content, params string[] extra)
    {
        string data = temp.File("data.csv", content);
        return CliRunner.Run(["train", "--data", data, "--test", data, "--epochs", "3", .. extra]);
    }

    static string Model(TempDirectory temp)
    {
        string data = temp.File("train.csv", Good), model = temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--test", data, "--epochs", "3", "--out", model).ExitCode);
        return model;
    }

    [Fact]
    public void EmptyFile()
    {
        using var temp = new TempDirectory();
        var result = Train(temp, "");
        AssertUserError(result, $"{temp.File("data.csv")}: the file is empty. A CSV file needs a header row and one row per sample");
    }

    [Fact]
    public void HeaderOnly()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, "a,b,label\n"), "data.csv: the file has a header but no data rows. Add one row per sample below the header");
    }

    [Fact]
    public void RaggedRow()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, "a,b,label\n1,2,x\n3,y\n"), "data.csv:3:3: this row has 2 fields but the header has 3. Every row needs one value per column (delimiter ',')");
    }

    [Fact]
    public void NonNumericCell()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, "a,b,label\n1,2,x\n3,four,y\n"), "data.csv:3:3: 'four' in feature column 'b' is not a number. Features must be numbers");
    }

    [Fact]
    public void EmptyCell()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, "a,b,label\n1,,x\n3,4,y\n"), "data.csv:2:3: empty value in feature column 'b'. Fill in or drop rows with missing values");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e99")]                                          // overflows float to ∞
    public void NonFiniteValue(string value)
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, $"a,b,label\n1,2,x\n{value},4,y\n"), $"data.csv:3:1: '{value}' in feature column 'a' is not a finite number. Remove or replace NaN and infinite values");
    }

    [Fact]
    public void LabelColumnThatDoesNotExist()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, Good, "--label", "species"), "data.csv:1: there is no label column 'species'. The columns are: a, b, label");
    }

    [Fact]
    public void SingleClassInTrainingData()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, "a,b,label\n1,2,x\n3,4,x\n"), "the training data has only one class (x). Softmax regression needs at least two classes");
    }

    [Fact]
    public void ClassInTestDataTheModelNeverSaw()
    {
        using var temp = new TempDirectory();
        string model = Model(temp), test = temp.File("test.csv", "a,b,label\n1,2,x\n3,4,z\n");
        AssertUserError(CliRunner.Run("evaluate", "--model", model, "--data", test),
            "test.csv:3: class 'z' in column 'label' is not one the model knows (x, y). Evaluate on data with the model's classes");
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    public void FeatureCountDifferentFromTheModel(string verb)
    {
        using var temp = new TempDirectory();
        string model = Model(temp), test = temp.File("test.csv", "a,b,c,label\n1,2,3,x\n3,4,5,y\n");
        AssertUserError(CliRunner.Run(verb, "--model", model, "--data", test),
            "test.csv: the data has 3 feature columns but the model was trained on 2 (a, b). Give data with the same feature columns");
    }

    [Theory]
    [InlineData("a;b;label\n1;2;x\n3;4;y\n5;6;x\n7;8;y\n")]
    [InlineData("a\tb\tlabel\n1\t2\tx\n3\t4\ty\n5\t6\tx\n7\t8\ty\n")]
    public void SemicolonAndTabAreDetected(string content)
    {
        using var temp = new TempDirectory();
        var result = Train(temp, content);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("4 rows × 2 features, 2 classes (x, y)", result.Output);
    }

    [Fact]
    public void DelimiterOptionOnTrainPredictAndEvaluate()
    {
        using var temp = new TempDirectory();
        string data = temp.File("pipes.csv", "a|b|label\n1|2|x\n3|4|y\n5|6|x\n7|8|y\n"), model = temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--test", data, "--epochs", "3", "--delimiter", "|", "--out", model).ExitCode);
        var predict = CliRunner.Run("predict", "--model", model, "--data", data, "--delimiter", "|");
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal(5, predict.Output.TrimEnd().Split('\n').Length);
        Assert.Equal(0, CliRunner.Run("evaluate", "--model", model, "--data", data, "--delimiter", "|").ExitCode);
    }

    [Fact]
    public void WrongDelimiterOption()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, Good, "--delimiter", "ab"), "--delimiter 'ab' is not a single character. Use e.g. --delimiter ';' or --delimiter tab");
    }

    [Fact]
    public void QuotedFieldsAreRead()
    {
        using var temp = new TempDirectory();
        var result = Train(temp, "\"a\",\"b\",\"label\"\n\"1.5\",2,\"x, with comma\"\n3,4,\"say \"\"y\"\"\"\n5,6,\"x, with comma\"\n7,8,\"say \"\"y\"\"\"\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 classes (say \"y\", x, with comma)", result.Output);
    }

    [Fact]
    public void UnclosedQuote()
    {
        using var temp = new TempDirectory();
        AssertUserError(Train(temp, "a,b,label\n1,2,\"x\n3,4,y\n"), "data.csv:2:5: a quoted field is not closed. Close the quote on the same line");
    }

    [Fact]
    public void Utf8ByteOrderMarkIsSkipped()
    {
        using var temp = new TempDirectory();
        string data = temp.File("bom.csv");
        File.WriteAllBytes(data, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Good)]);
        var result = CliRunner.Run("train", "--data", data, "--test", data, "--epochs", "3", "--label", "3");
        Assert.Equal(0, result.ExitCode);
        string model = temp.File("m.json");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--test", data, "--epochs", "3", "--out", model).ExitCode);
        Assert.Contains("\"a\"", File.ReadAllText(model));         // the first column's name has no BOM in front
    }

    [Fact]
    public void CrlfLineEnds()
    {
        using var temp = new TempDirectory();
        var result = Train(temp, Good.Replace("\n", "\r\n"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("4 rows × 2 features, 2 classes (x, y)", result.Output);
    }

    static byte[] Idx(int magic, params int[] dimensions)
    {
        long body = dimensions.Aggregate(1L, (p, d) => p * d);
        var bytes = new byte[4 + 4 * dimensions.Length + body];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        for (long i = 4 + 4 * dimensions.Length; i < bytes.Length; i++) bytes[i] = (byte)(i % 2);
        return bytes;
    }

    static string IdxDirectory(TempDirectory temp, byte[] images, byte[] labels)
    {
        string directory = Path.Combine(temp.Path, "idx");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "train-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(directory, "train-labels-idx1-ubyte"), labels);
        return directory;
    }

    [Fact]
    public void IdxWrongMagicNumber()
    {
        using var temp = new TempDirectory();
        string directory = IdxDirectory(temp, Idx(0x0801, 4), Idx(0x0801, 4));
        AssertUserError(CliRunner.Run("train", "--data", directory),
            "train-images-idx3-ubyte: not an IDX image file (magic number 0x00000801, expected 0x00000803). Give a images file such as train-images-idx3-ubyte.gz");
    }

    [Fact]
    public void IdxTruncated()
    {
        using var temp = new TempDirectory();
        byte[] images = Idx(0x0803, 4, 2, 2);
        string directory = IdxDirectory(temp, images[..^3], Idx(0x0801, 4));
        AssertUserError(CliRunner.Run("train", "--data", directory),
            "train-images-idx3-ubyte: the file has 29 bytes where its header promises 32. The file is truncated or damaged; download it again");
    }

    [Fact]
    public void IdxImagesAndLabelsOfDifferentCounts()
    {
        using var temp = new TempDirectory();
        string directory = IdxDirectory(temp, Idx(0x0803, 4, 2, 2), Idx(0x0801, 3));
        AssertUserError(CliRunner.Run("train", "--data", directory), "4 images but 3 labels in ");
        Assert.Contains("Give the labels file that belongs to these images", CliRunner.Run("train", "--data", directory).Error);
    }

    [Fact]
    public void DirectoryWhereAFileWasExpected()
    {
        using var temp = new TempDirectory();
        AssertUserError(CliRunner.Run("predict", "--model", temp.Path, "--data", "iris"), $"{temp.Path}: is a directory, not a model file");
        AssertUserError(CliRunner.Run("train", "--data", temp.Path), $"{temp.Path}: is a directory without MNIST-format files");
    }

    [Fact]
    public void MissingFile()
    {
        using var temp = new TempDirectory();
        string missing = temp.File("missing.csv");
        AssertUserError(CliRunner.Run("train", "--data", missing), $"{missing}: no such file, directory or embedded dataset. Embedded datasets: iris");
    }

    /// <summary>A fact skipped, with the reason, where chmod 000 cannot deny reading: as root, or on Windows.</summary>
    sealed class FactUnlessRootAttribute : FactAttribute
    {
        public FactUnlessRootAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "chmod does not exist on Windows";
            else if (Environment.IsPrivilegedProcess) Skip = "running as root, where chmod 000 does not deny reading";
        }
    }

    [FactUnlessRoot]
    public void UnreadableFile()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDirectory();
        string data = temp.File("secret.csv", Good);
        File.SetUnixFileMode(data, UnixFileMode.None);            // chmod 000
        AssertUserError(CliRunner.Run("train", "--data", data), $"{data}: permission denied. Check the file's permissions (chmod u+r)");
    }

    [Theory]
    [InlineData("--lr", "0", "the learning rate must be a positive number (got 0). Use e.g. --lr 0.1")]
    [InlineData("--lr", "-0.5", "the learning rate must be a positive number (got -0.5)")]
    [InlineData("--batch-size", "0", "the batch size must be at least 1 (got 0)")]
    [InlineData("--epochs", "0", "epochs must be at least 1 (got 0). Use e.g. --epochs 100")]
    [InlineData("--test-split", "1.5", "--test-split must be between 0 and 1 (got 1.5)")]
    [InlineData("--checkpoint-every", "-1", "--checkpoint-every must be a number of epochs ≥ 1 (got -1)")]
    [InlineData("--checkpoint-every", "5", "--checkpoint-every needs --checkpoint FILE")]
    public void OptionsOutOfRange(string option, string value, string expected)
    {
        AssertUserError(CliRunner.Run("train", option, value), expected);
    }
}
