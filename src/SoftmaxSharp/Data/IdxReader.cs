using System.Buffers.Binary;
using System.IO.Compression;

namespace SoftmaxSharp.Data;

/// <summary>
/// Reads MNIST-format (IDX) files, raw or gzip-compressed: images (magic 0x00000803, unsigned bytes,
/// n × rows × columns) and labels (magic 0x00000801, n bytes). Sizes are big-endian 32-bit integers.
/// </summary>
public static class IdxReader
{
    const int ImagesMagic = 0x00000803;
    const int LabelsMagic = 0x00000801;

    /// <summary>The class names of Fashion-MNIST, in label order.</summary>
    public static readonly string[] FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Images as bytes [n, rows·columns] and their shape.</summary>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        byte[] bytes = ReadAll(path);
        int magic = Header(bytes, 0, path);
        if (magic != ImagesMagic)
            throw new UserInputException($"not an IDX image file (magic number 0x{magic:x8}, expected 0x{ImagesMagic:x8})", "Give an images file such as train-images-idx3-ubyte.gz", path);
        if (bytes.Length < 16) throw Truncated(path, 16, bytes.Length);
        int count = Header(bytes, 4, path), height = Header(bytes, 8, path), width = Header(bytes, 12, path);
        if (count < 0 || height <= 0 || width <= 0)
            throw new UserInputException($"invalid image dimensions {count} × {height} × {width}", "The file is damaged; download it again", path);
        long expected = 16 + (long)count * height * width;
        if (bytes.Length != expected) throw Truncated(path, expected, bytes.Length);
        return (bytes[16..], count, height, width);
    }

    /// <summary>Labels [n] as bytes.</summary>
    public static byte[] ReadLabels(string path)
    {
        byte[] bytes = ReadAll(path);
        int magic = Header(bytes, 0, path);
        if (magic != LabelsMagic)
            throw new UserInputException($"not an IDX label file (magic number 0x{magic:x8}, expected 0x{LabelsMagic:x8})", "Give a labels file such as train-labels-idx1-ubyte.gz", path);
        if (bytes.Length < 8) throw Truncated(path, 8, bytes.Length);
        int count = Header(bytes, 4, path);
        if (count < 0 || bytes.Length != 8L + count) throw Truncated(path, 8L + Math.Max(count, 0), bytes.Length);
        return bytes[8..];
    }

    /// <summary>
    /// An images file and its labels file as a dataset of raw pixel values 0..255 (scale them with
    /// <see cref="Scaling.Pixels"/>). Labels above 9 make more classes than Fashion-MNIST's ten.
    /// </summary>
    public static Dataset Read(string imagesPath, string labelsPath, string[]? classNames = null)
    {
        var (pixels, count, height, width) = ReadImages(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new UserInputException($"{count} images but {labels.Length} labels in {labelsPath}", "Give the labels file that belongs to these images", imagesPath);
        int k = labels.Length == 0 ? 1 : labels.Max() + 1;
        classNames ??= Enumerable.Range(0, k).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (classNames.Length < k)
            throw new UserInputException($"label {k - 1} is beyond the {classNames.Length} known classes", "The labels file is damaged or not of this dataset", labelsPath);
        var x = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) x[i] = pixels[i];
        var featureNames = new string[height * width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++) featureNames[r * width + c] = $"pixel_{r}_{c}";
        var y = new int[count];
        for (int i = 0; i < count; i++) y[i] = labels[i];
        return new Dataset(x, y, featureNames, classNames, imagesPath);
    }

    /// <summary>
    /// A directory in MNIST layout: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz] and,
    /// if present, t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]. Fashion-MNIST's class
    /// names are used when the directory's name says "fashion".
    /// </summary>
    public static (Dataset Train, Dataset? Test) ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new UserInputException("directory not found", "Give a directory with train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz)", directory);
        string[]? names = Path.GetFullPath(directory).Contains("fashion", StringComparison.OrdinalIgnoreCase) ? FashionMnistClasses : null;
        string trainImages = Find(directory, "train-images-idx3-ubyte") ?? throw new UserInputException("no train-images-idx3-ubyte(.gz) in this directory", "Give a directory in MNIST layout, e.g. /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)", directory);
        string trainLabels = Find(directory, "train-labels-idx1-ubyte") ?? throw new UserInputException("no train-labels-idx1-ubyte(.gz) in this directory", "Every images file needs its labels file", directory);
        var train = Read(trainImages, trainLabels, names);
        string? testImages = Find(directory, "t10k-images-idx3-ubyte"), testLabels = Find(directory, "t10k-labels-idx1-ubyte");
        var test = testImages is not null && testLabels is not null ? Read(testImages, testLabels, train.ClassNames) : null;
        return (train, test);
    }

    /// <summary>True when <paramref name="directory"/> holds MNIST-format training files.</summary>
    public static bool IsIdxDirectory(string directory) => Directory.Exists(directory) && Find(directory, "train-images-idx3-ubyte") is not null;

    static string? Find(string directory, string stem)
    {
        foreach (string candidate in new[] { stem, stem + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    static byte[] ReadAll(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not an IDX file", "Give the path of an IDX file", path);
        if (!File.Exists(path)) throw new UserInputException("file not found", "Check the path", path);
        try
        {
            using var file = File.OpenRead(path);
            bool gzip = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e) { throw new UserInputException($"the gzip data is damaged ({e.Message})", "Download the file again", path); }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions", path); }
        catch (IOException e) { throw new UserInputException($"cannot read the file: {e.Message}", "Check that it exists and is readable", path); }
    }

    static int Header(byte[] bytes, int offset, string path)
    {
        if (bytes.Length < offset + 4) throw Truncated(path, offset + 4, bytes.Length);
        return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
    }

    static UserInputException Truncated(string path, long expected, long actual) =>
        new($"the file has {actual} bytes where its header promises {expected}", "The file is truncated or damaged; download it again", path);
}
