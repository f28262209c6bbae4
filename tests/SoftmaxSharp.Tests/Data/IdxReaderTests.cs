using System.Buffers.Binary;
using System.IO.Compression;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

public class IdxReaderTests
{
    const int Count = 5, Height = 2, Width = 3;

    static byte[] Pixels() => Enumerable.Range(0, Count * Height * Width).Select(i => (byte)(i * 7 % 256)).ToArray();

    static readonly byte[] LabelValues = [3, 0, 9, 1, 3];

    static byte[] ImagesFile(byte[] pixels, int count = Count, int height = Height, int width = Width, int magic = 0x803)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    static byte[] LabelsFile(byte[] labels, int magic = 0x801)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(bytes);
        return memory.ToArray();
    }

    static void WriteMnistLayout(string directory, bool gzip, bool withTest)
    {
        Directory.CreateDirectory(directory);
        void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(directory, name + (gzip ? ".gz" : "")), gzip ? Gzip(bytes) : bytes);
        Write("train-images-idx3-ubyte", ImagesFile(Pixels()));
        Write("train-labels-idx1-ubyte", LabelsFile(LabelValues));
        if (withTest)
        {
            Write("t10k-images-idx3-ubyte", ImagesFile(Pixels()[..(2 * Height * Width)], count: 2));
            Write("t10k-labels-idx1-ubyte", LabelsFile([9, 4]));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_RoundTripsPixelsLabelsAndShape(bool gzip)
    {
        using var directory = new TempDirectory();
        string images = directory.File("images"), labels = directory.File("labels");
        File.WriteAllBytes(images, gzip ? Gzip(ImagesFile(Pixels())) : ImagesFile(Pixels()));
        File.WriteAllBytes(labels, gzip ? Gzip(LabelsFile(LabelValues)) : LabelsFile(LabelValues));

        var (pixels, count, height, width) = IdxReader.ReadImages(images);
        Dataset data = IdxReader.Read(images, labels);

        Assert.Equal((Count, Height, Width), (count, height, width));
        Assert.Equal(Pixels(), pixels);
        Assert.Equal(LabelValues, IdxReader.ReadLabels(labels));
        Assert.Equal(Count, data.Rows);
        Assert.Equal(Height * Width, data.Columns);
        Assert.Equal(Pixels().Select(p => (float)p), data.Features);
        Assert.Equal(LabelValues.Select(l => (int)l), data.Labels);
        Assert.Equal(Enumerable.Range(0, 10).Select(c => c.ToString()), data.ClassNames);   // max label 9 → 10 classes
        Assert.Equal("pixel_0_0", data.FeatureNames[0]);
        Assert.Equal("pixel_1_2", data.FeatureNames[^1]);
    }

    [Fact]
    public void WrongMagic_IsReportedForImagesAndLabels()
    {
        using var directory = new TempDirectory();
        string images = directory.File("images"), labels = directory.File("labels");
        File.WriteAllBytes(images, LabelsFile(LabelValues));     // a labels file where images are expected
        File.WriteAllBytes(labels, ImagesFile(Pixels()));

        var imagesError = Assert.Throws<UserInputException>(() => IdxReader.ReadImages(images));
        var labelsError = Assert.Throws<UserInputException>(() => IdxReader.ReadLabels(labels));

        Assert.Contains("0x00000801", imagesError.Message);
        Assert.Contains("0x00000803", labelsError.Message);
        Assert.Equal(images, imagesError.File);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 20)]                                      // inside the header
    [InlineData(true, 1)]
    public void TruncatedFile_IsReported(bool gzip, int bytesCut)
    {
        using var directory = new TempDirectory();
        string images = directory.File("images"), labels = directory.File("labels");
        byte[] imageBytes = ImagesFile(Pixels()), labelBytes = LabelsFile(LabelValues);
        File.WriteAllBytes(images, Cut(imageBytes));
        File.WriteAllBytes(labels, Cut(labelBytes));

        Assert.Contains("bytes", Assert.Throws<UserInputException>(() => IdxReader.ReadImages(images)).Message);
        Assert.Throws<UserInputException>(() => IdxReader.ReadLabels(labels));

        byte[] Cut(byte[] bytes)
        {
            byte[] shorter = bytes[..Math.Max(bytes.Length - bytesCut, 2)];
            return gzip ? Gzip(shorter) : shorter;
        }
    }

    [Fact]
    public void DamagedGzip_IsAUserError()
    {
        using var directory = new TempDirectory();
        string images = directory.File("images.gz");
        byte[] bytes = Gzip(ImagesFile(Pixels()));
        File.WriteAllBytes(images, bytes[..(bytes.Length / 2)]);

        Assert.Throws<UserInputException>(() => IdxReader.ReadImages(images));
    }

    [Fact]
    public void ImageAndLabelCountMismatch_IsReported()
    {
        using var directory = new TempDirectory();
        string images = directory.File("images"), labels = directory.File("labels");
        File.WriteAllBytes(images, ImagesFile(Pixels()));
        File.WriteAllBytes(labels, LabelsFile([1, 2, 3]));

        var error = Assert.Throws<UserInputException>(() => IdxReader.Read(images, labels));

        Assert.Contains("5 images but 3 labels", error.Message);
    }

    [Fact]
    public void MissingFile_IsReported()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<UserInputException>(() => IdxReader.ReadImages(directory.File("nope")));

        Assert.Contains("not found", error.Message);
        Assert.Throws<UserInputException>(() => IdxReader.ReadLabels(directory.Path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadDirectory_ReadsTrainAndT10kFiles(bool gzip)
    {
        using var directory = new TempDirectory("mnist");
        WriteMnistLayout(directory.Path, gzip, withTest: true);

        var (train, test) = IdxReader.ReadDirectory(directory.Path);

        Assert.True(IdxReader.IsIdxDirectory(directory.Path));
        Assert.Equal(Count, train.Rows);
        Assert.NotNull(test);
        Assert.Equal(2, test.Rows);
        Assert.Equal([9, 4], test.Labels);
        Assert.Equal(train.ClassNames, test.ClassNames);
        Assert.Equal("0", train.ClassNames[0]);
    }

    [Fact]
    public void ReadDirectory_WithoutTestFiles_HasNoTestSet()
    {
        using var directory = new TempDirectory("mnist");
        WriteMnistLayout(directory.Path, gzip: false, withTest: false);

        var (_, test) = IdxReader.ReadDirectory(directory.Path);

        Assert.Null(test);
    }

    [Fact]
    public void ReadDirectory_NamedFashion_UsesFashionMnistClassNames()
    {
        using var directory = new TempDirectory("Fashion-MNIST");
        WriteMnistLayout(directory.Path, gzip: true, withTest: true);

        var (train, test) = IdxReader.ReadDirectory(directory.Path + Path.DirectorySeparatorChar);

        Assert.Equal(IdxReader.FashionMnistClasses, train.ClassNames);
        Assert.Equal("Ankle boot", train.ClassNames[train.Labels[2]]);
        Assert.Equal(IdxReader.FashionMnistClasses, test!.ClassNames);
    }

    [Fact]
    public void ReadDirectory_InTorchvisionsFashionMNISTRawLayout_UsesFashionMnistClassNames()
    {
        // torchvision keeps the files in FashionMNIST/raw: the word may be in a parent's name.
        using var parent = new TempDirectory("FashionMNIST");
        string raw = Path.Combine(parent.Path, "raw");
        WriteMnistLayout(raw, gzip: false, withTest: false);

        var (train, _) = IdxReader.ReadDirectory(raw);

        Assert.Equal(IdxReader.FashionMnistClasses, train.ClassNames);
    }

    [Fact]
    public void ReadDirectory_NotNamedFashion_UsesDigitClassNames()
    {
        using var directory = new TempDirectory("MNIST");
        WriteMnistLayout(directory.Path, gzip: false, withTest: false);

        var (train, _) = IdxReader.ReadDirectory(directory.Path);

        Assert.Equal(Enumerable.Range(0, 10).Select(c => c.ToString()), train.ClassNames);
    }

    [Fact]
    public void ReadDirectory_ReportsADamagedTestFileByItsName_AndADamagedTrainingFileFirst()
    {
        // The test files are read on another thread while the training files are read: their error still comes as itself.
        using var directory = new TempDirectory("mnist");
        WriteMnistLayout(directory.Path, gzip: true, withTest: true);
        string testImages = Path.Combine(directory.Path, "t10k-images-idx3-ubyte.gz"), trainLabels = Path.Combine(directory.Path, "train-labels-idx1-ubyte.gz");
        File.WriteAllBytes(testImages, File.ReadAllBytes(testImages)[..20]);   // truncated gzip
        var testError = Assert.Throws<UserInputException>(() => IdxReader.ReadDirectory(directory.Path));
        Assert.Equal(testImages, testError.File);

        File.WriteAllBytes(trainLabels, Gzip(LabelsFile(LabelValues, magic: 0x803)));   // the training labels damaged too
        var trainError = Assert.Throws<UserInputException>(() => IdxReader.ReadDirectory(directory.Path));
        Assert.Equal(trainLabels, trainError.File);
    }

    [Fact]
    public void ReadDirectory_WithoutTrainingFiles_IsReported()
    {
        using var directory = new TempDirectory("empty");

        Assert.Contains("train-images", Assert.Throws<UserInputException>(() => IdxReader.ReadDirectory(directory.Path)).Message);
        Assert.False(IdxReader.IsIdxDirectory(directory.Path));
        Assert.Throws<UserInputException>(() => IdxReader.ReadDirectory(directory.File("missing")));
    }
}
