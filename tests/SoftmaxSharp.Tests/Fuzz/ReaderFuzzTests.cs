using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Tests.Fuzz;

/// <summary>
/// Issue 6: random and mutated bytes fed to the CSV reader, the IDX reader and the model loader
/// (40,000 cases in all). Whatever comes in, the only exception allowed out is <see cref="UserInputException"/>;
/// anything else fails the property and FsCheck prints the input.
/// </summary>
public sealed class ReaderFuzzTests
{
    const int Cases = 10_000;

    static readonly string[] Tokens = [",", ";", "\t", "\"", "\"\"", "\n", "\r\n", "\r", "NaN", "-Infinity", "1e99", "-0", "", " ", "\uFEFF", "ü", "\0", "{", "}", "[", "]", ":", "null", "1e-45", "3.4028236e38", "-1", "0x10", "true"];

    /// <summary>Bytes: either uniformly random, or a valid file with a few random edits (flips, inserted tokens, deletions, truncation).</summary>
    static Arbitrary<byte[]> Inputs(byte[] valid) =>
        Gen.Frequency(
            (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))),
            (3, Gen.Choose(0, int.MaxValue - 1).Select(seed => Mutate(valid, new Random(seed))))).ToArbitrary();

    static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = new List<byte>(valid);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(bytes.Count + 1);
            switch (random.Next(6))
            {
                case 0 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                case 1 when at < bytes.Count: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)])); break;
                case 3: bytes.RemoveRange(at, Math.Min(random.Next(16), bytes.Count - at)); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;                     // truncate
                default:
                    int from = random.Next(bytes.Count + 1), length = Math.Min(random.Next(32), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, length));                     // duplicate a run
                    break;
            }
        }
        return bytes.ToArray();
    }

    static void Check(byte[] valid, Action<byte[]> read)
    {
        var property = Prop.ForAll(Inputs(valid), bytes =>
        {
            try { read(bytes); }
            catch (UserInputException) { }                        // the tool's own clear error: fine
        });
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
    }

    static readonly byte[] ValidCsv = Encoding.UTF8.GetBytes("a,b,\"c d\",label\n1.5,-2,3e2,x\n4,5,6,y\n\"7\",8,9,\"x, z\"\n");

    [Fact]
    public void CsvReader_ThrowsOnlyUserInputExceptions()
    {
        string?[] labelColumns = [null, "none", "1", "label"];
        int call = 0;
        Check(ValidCsv, bytes =>
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            string? label = labelColumns[call++ % labelColumns.Length];
            var table = CsvReader.Read(reader, "fuzz.csv", label);
            if (table.Labels is not null) table.ToDataset();
        });
    }

    static byte[] Idx(int magic, params int[] dimensions)
    {
        long body = dimensions.Aggregate(1L, (p, d) => p * d);
        var bytes = new byte[4 + 4 * dimensions.Length + body];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        for (long i = 4 + 4 * dimensions.Length; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 % 10);
        return bytes;
    }

    static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    [Fact]
    public void IdxReader_Images_ThrowOnlyUserInputExceptions() =>
        Check(Idx(0x0803, 3, 4, 4), bytes => IdxReader.ReadImages(new MemoryStream(bytes), "fuzz-images"));

    [Fact]
    public void IdxReader_GzippedLabels_ThrowOnlyUserInputExceptions() =>
        Check(Gzip(Idx(0x0801, 40)), bytes => IdxReader.ReadLabels(new MemoryStream(bytes), "fuzz-labels.gz"));

    [Fact]
    public void ModelFileLoad_ThrowsOnlyUserInputExceptions()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.json");
        ModelFile.Save(new SoftmaxRegression([1f, -2.5f, 3e-7f, 4f, 0f, 1e30f], [0.5f, -0.5f], ["u", "v", "w"], ["a", "b"]), path);
        byte[] valid = File.ReadAllBytes(path);
        int call = 0;
        Check(valid, bytes =>
        {
            // Every other case without the checksum's protection (as a version 1 file), so the checks behind it are fuzzed too.
            if (call++ % 2 == 1)
                bytes = Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(bytes), "\"version\": 2", "\"version\": 1"));
            ModelFile.Load(new MemoryStream(bytes), "fuzz-model.json");
        });
    }
}
