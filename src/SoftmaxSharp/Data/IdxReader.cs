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
        var (dimensions, pixels) = Read(path, ImagesMagic, "image", "train-images-idx3-ubyte.gz");
        return (pixels, dimensions[0], dimensions[1], dimensions[2]);
    }

    /// <summary>Labels [n] as bytes.</summary>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "label", "train-labels-idx1-ubyte.gz").Body;

    /// <summary>
    /// Reads an IDX file of unsigned bytes: the magic number, one big-endian size per dimension, then the
    /// data, straight into one array of exactly the size the header promises (no intermediate copies).
    /// </summary>
    static (int[] Dimensions, byte[] Body) Read(string path, int magicExpected, string what, string example)
    {
        using var stream = Open(path, out long? rawLength, out long fileLength);
        return Read(stream, rawLength, fileLength, path, magicExpected, what, example);
    }

    /// <summary>Images from a seekable stream holding an IDX file (raw or gzip); <paramref name="name"/> names it in messages.</summary>
    internal static (byte[] Pixels, int Count, int Height, int Width) ReadImages(Stream file, string name)
    {
        using var stream = Decompress(file, out long? rawLength);
        var (dimensions, pixels) = Read(stream, rawLength, file.Length, name, ImagesMagic, "image", "train-images-idx3-ubyte.gz");
        return (pixels, dimensions[0], dimensions[1], dimensions[2]);
    }

    /// <summary>Labels from a seekable stream holding an IDX file (raw or gzip).</summary>
    internal static byte[] ReadLabels(Stream file, string name)
    {
        using var stream = Decompress(file, out long? rawLength);
        return Read(stream, rawLength, file.Length, name, LabelsMagic, "label", "train-labels-idx1-ubyte.gz").Body;
    }

    /// <summary>Deflate expands at most about 1032:1, so a gzip file cannot hold more than this many bytes per compressed byte.</summary>
    const long MaxGzipRatio = 1032;

    static (int[] Dimensions, byte[] Body) Read(Stream stream, long? rawLength, long fileLength, string path, int magicExpected, string what, string example)
    {
        try
        {
            int rank = magicExpected & 0xff;
            var header = new byte[4 + 4 * rank];
            int got = ReadFully(stream, header);
            if (got < 4) throw Truncated(path, header.Length, got);
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != magicExpected)
                throw new UserInputException($"not an IDX {what} file (magic number 0x{magic:x8}, expected 0x{magicExpected:x8})", $"Give a {what}s file such as {example}", path);
            if (got < header.Length) throw Truncated(path, header.Length, got);
            var dimensions = new int[rank];
            long bodyLength = 1;
            for (int i = 0; i < rank; i++)
            {
                dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i));
                if (dimensions[i] < 0 || (i > 0 && dimensions[i] == 0))
                    throw new UserInputException($"invalid dimensions {string.Join(" × ", dimensions.Take(i + 1))} in the header", "The file is damaged; download it again", path);
                bodyLength *= dimensions[i];
                if (bodyLength > Array.MaxLength) throw new UserInputException($"the header promises {bodyLength} bytes, more than one array can hold", "The file is damaged; download it again", path);
            }
            if (rawLength is long length && length != header.Length + bodyLength) throw Truncated(path, header.Length + bodyLength, length);
            if (rawLength is null && bodyLength > fileLength * MaxGzipRatio)
                throw new UserInputException($"the header promises {bodyLength} bytes, more than {fileLength} compressed bytes can hold", "The file is truncated or damaged; download it again", path);
            var body = LargeArrays.Bytes(bodyLength);               // (on 2 MB pages where the OS allows: rows are read in random order)
            int read = ReadFully(stream, body);
            long extra = read == body.Length ? CountRemaining(stream) : 0;
            if (read < body.Length || extra > 0) throw Truncated(path, header.Length + bodyLength, header.Length + read + extra);
            return (dimensions, body);
        }
        catch (InvalidDataException e) { throw new UserInputException($"the gzip data is damaged ({e.Message})", "Download the file again", path); }
        catch (IOException e) { throw new UserInputException($"cannot read the file: {e.Message}", "Check that it exists and is readable", path); }
    }

    /// <summary>
    /// An images file and its labels file as a dataset of raw pixel values 0..255, kept as bytes
    /// (scale them with <see cref="Scaling.Pixels"/>). Labels above 9 make more classes than Fashion-MNIST's ten.
    /// </summary>
    public static Dataset Read(string imagesPath, string labelsPath, string[]? classNames = null) =>
        Assemble(ReadImages(imagesPath), ReadLabels(labelsPath), imagesPath, labelsPath, classNames);

    static Dataset Assemble((byte[] Pixels, int Count, int Height, int Width) images, byte[] labels, string imagesPath, string labelsPath, string[]? classNames)
    {
        var (pixels, count, height, width) = images;
        if (labels.Length != count)
            throw new UserInputException($"{count} images but {labels.Length} labels in {labelsPath}", "Give the labels file that belongs to these images", imagesPath);
        int k = labels.Length == 0 ? 1 : labels.Max() + 1;
        classNames ??= Enumerable.Range(0, k).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (classNames.Length < k)
            throw new UserInputException($"label {k - 1} is beyond the {classNames.Length} known classes", "The labels file is damaged or not of this dataset", labelsPath);
        var featureNames = new string[height * width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++) featureNames[r * width + c] = $"pixel_{r}_{c}";
        var y = new int[count];
        for (int i = 0; i < count; i++) y[i] = labels[i];
        return new Dataset(pixels, y, featureNames, classNames, imagesPath);
    }

    /// <summary>
    /// A directory in MNIST layout: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz] and,
    /// if present, t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]. Fashion-MNIST's class
    /// names are used when the directory's path says "fashion" (so torchvision's FashionMNIST/raw works too).
    /// </summary>
    public static (Dataset Train, Dataset? Test) ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new UserInputException("directory not found", "Give a directory with train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz)", directory);
        string[]? names = Path.GetFullPath(directory).Contains("fashion", StringComparison.OrdinalIgnoreCase) ? FashionMnistClasses : null;
        string trainImages = Find(directory, "train-images-idx3-ubyte") ?? throw new UserInputException("no train-images-idx3-ubyte(.gz) in this directory", "Give a directory in MNIST layout, e.g. /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)", directory);
        string trainLabels = Find(directory, "train-labels-idx1-ubyte") ?? throw new UserInputException("no train-labels-idx1-ubyte(.gz) in this directory", "Every images file needs its labels file", directory);
        string? testImages = Find(directory, "t10k-images-idx3-ubyte"), testLabels = Find(directory, "t10k-labels-idx1-ubyte");
        var testFiles = testImages is not null && testLabels is not null
            ? Task.Run(() => (ReadImages(testImages), ReadLabels(testLabels)))   // decompressed on the other core meanwhile
            : null;
        var train = Read(trainImages, trainLabels, names);                      // (its errors first, as when read one after the other)
        if (testFiles is null) return (train, null);
        var (images, labels) = testFiles.GetAwaiter().GetResult();              // (rethrows the test files' own error, not an AggregateException)
        return (train, Assemble(images, labels, testImages!, testLabels!, train.ClassNames));
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

    /// <summary>The file as a stream, decompressed when it starts with gzip's magic bytes; <paramref name="rawLength"/> is its length when not compressed.</summary>
    static Stream Open(string path, out long? rawLength, out long fileLength)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory, not an IDX file", "Give the path of an IDX file", path);
        if (!File.Exists(path)) throw new UserInputException("file not found", "Check the path", path);
        try
        {
            var file = File.OpenRead(path);
            fileLength = file.Length;
            return Decompress(file, out rawLength);
        }
        catch (UnauthorizedAccessException) { throw new UserInputException("permission denied", "Check the file's permissions (chmod u+r)", path); }
        catch (IOException e) { throw new UserInputException($"cannot read the file: {e.Message}", "Check that it exists and is readable", path); }
    }

    /// <summary>A seekable stream, decompressed when it starts with gzip's magic bytes; <paramref name="rawLength"/> is its length when not compressed.</summary>
    static Stream Decompress(Stream file, out long? rawLength)
    {
        bool gzip = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        rawLength = gzip ? null : file.Length;
        return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0, read;
        while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0) total += read;
        return total;
    }

    static long CountRemaining(Stream stream)
    {
        Span<byte> sink = stackalloc byte[4096];
        long total = 0;
        int read;
        while ((read = stream.Read(sink)) > 0) total += read;
        return total;
    }

    static UserInputException Truncated(string path, long expected, long actual) =>
        new($"the file has {actual} bytes where its header promises {expected}", "The file is truncated or damaged; download it again", path);
}
