using System.Globalization;
using System.Text;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

/// <summary>
/// The plain rows' fast path: separators found 64 bytes at a time, short cells read as 64-bit words, and the array of
/// numbers sized by a count of the file's lines ahead. Each piece against what it stands for: a byte-by-byte count, int.Parse,
/// float.Parse, File.ReadLines.
/// </summary>
public sealed class CsvFastPathTests : IDisposable
{
    readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    static ulong Word(string text) => BitConverter.ToUInt64(Encoding.Latin1.GetBytes(text.PadRight(8, '\0')[..8]));

    [Fact]
    public void DigitRun_counts_the_leading_digits_whatever_follows_them()
    {
        var random = new Random(3);
        for (int i = 0; i < 200_000; i++)
        {
            var bytes = new byte[8];
            for (int b = 0; b < 8; b++) bytes[b] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)('0' + random.Next(10));
            int expected = 0;
            while (expected < 8 && bytes[expected] is >= (byte)'0' and <= (byte)'9') expected++;
            Assert.True(expected == CsvReader.DigitRun(BitConverter.ToUInt64(bytes)), $"bytes {Convert.ToHexString(bytes)}");
        }
        for (int b = 0; b < 256; b++)                                  // every byte value, first and after seven digits
        {
            bool digit = b is >= '0' and <= '9';
            Assert.Equal(digit ? 8 : 0, CsvReader.DigitRun(0x3030303030303000UL | (uint)b));
            Assert.Equal(digit ? 8 : 7, CsvReader.DigitRun(0x0030303030303030UL | (ulong)(uint)b << 56));
        }
    }

    [Fact]
    public void DigitsValue_is_int_Parse_for_one_to_eight_digits_with_anything_after_them()
    {
        var random = new Random(5);
        for (int i = 0; i < 200_000; i++)
        {
            int digits = 1 + random.Next(8);
            string number = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))));
            string tail = string.Concat(Enumerable.Range(0, 8 - digits).Select(_ => (char)random.Next(256)));
            Assert.Equal((uint)int.Parse(number, CultureInfo.InvariantCulture), CsvReader.DigitsValue(Word(number + tail), digits));
        }
        Assert.Equal(99_999_999u, CsvReader.DigitsValue(Word("99999999"), 8));
        Assert.Equal(0u, CsvReader.DigitsValue(Word("0000000"), 7));
    }

    [Fact]
    public void FindSeparators_finds_every_separator_of_lines_up_to_300_bytes_and_says_when_there_are_too_many()
    {
        var random = new Random(11);
        foreach (byte separator in ",;\t|"u8.ToArray())
            for (int length = 0; length <= 300; length++)
            {
                var line = new byte[length];
                for (int b = 0; b < length; b++) line[b] = random.Next(4) == 0 ? separator : (byte)random.Next(32, 127);
                int[] expected = Enumerable.Range(0, length).Where(b => line[b] == separator).ToArray();
                var positions = new int[expected.Length];
                Assert.Equal(expected.Length, CsvReader.FindSeparators(line, separator, positions));
                Assert.Equal(expected, positions);
                if (expected.Length > 0)
                    Assert.Equal(expected.Length, CsvReader.FindSeparators(line, separator, new int[expected.Length - 1]));   // room for one fewer: length + 1
            }
    }

    [Fact]
    public void SeparatorBits_in_512_and_256_bits_are_the_byte_by_byte_bits()
    {
        var random = new Random(13);
        var block = new byte[64];
        for (int i = 0; i < 20_000; i++)
        {
            byte separator = (byte)random.Next(1, 256);
            for (int b = 0; b < 64; b++) block[b] = random.Next(4) == 0 ? separator : (byte)random.Next(256);
            ulong expected = CsvReader.SeparatorBitsScalar(ref block[0], separator);
            Assert.Equal(expected, CsvReader.SeparatorBits512(ref block[0], separator));
            Assert.Equal(expected, CsvReader.SeparatorBits256(ref block[0], separator));
            Assert.Equal(block.Count(b => b == separator), System.Numerics.BitOperations.PopCount(expected));
        }
    }

    /// <summary>Rows of every kind of cell each path reads, at every offset from the line's end and across 64-byte blocks.</summary>
    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Rows_of_short_and_long_cells_read_as_float_Parse_reads_each_cell(char separator)
    {
        var random = new Random(separator);
        string[] kinds = ["0", "7", "255", "0000255", "1234567", "12345678", "16777216", "16777217", "-42", "+5", "0.5", "-0.0039215", " 12 ", "1e3", "5.", ".5"];
        var rows = new List<string[]>();
        for (int r = 0; r < 400; r++)
        {
            int cells = 1 + random.Next(40);
            rows.Add(Enumerable.Range(0, cells).Select(_ => random.Next(3) == 0 ? kinds[random.Next(kinds.Length)] : random.Next(256).ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        int width = rows.Max(r => r.Length);
        var text = new StringBuilder(string.Join(separator, Enumerable.Range(0, width).Select(j => $"f{j}")) + separator + "label\n");
        foreach (var row in rows)
            text.Append(string.Join(separator, row.Concat(Enumerable.Repeat("0", width - row.Length)))).Append(separator).Append("y\n");

        var table = CsvReader.Read(new StringReader(text.ToString()), "cells.csv");

        for (int r = 0; r < rows.Count; r++)
            for (int j = 0; j < width; j++)
            {
                string cell = j < rows[r].Length ? rows[r][j] : "0";
                float expected = float.Parse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(table.Features[r * width + j]),
                    $"row {r}, cell {j} '{cell}': expected {expected:R}, read {table.Features[r * width + j]:R}");
            }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("\n", 1)]
    [InlineData("a", 1)]
    [InlineData("a\nb\n", 2)]
    [InlineData("a\nb", 2)]
    [InlineData("a\r\nb\r\n", 2)]
    [InlineData("a\rb\r", 2)]
    [InlineData("a\r\rb", 3)]
    [InlineData("a\n\r\nb\n\n", 4)]
    [InlineData("\uFEFFa,b\n1,2", 2)]
    public void CountLinesAhead_counts_the_lines_that_reading_them_gives(string text, int lines)
    {
        string path = _directory.File("lines.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        Assert.Equal(File.ReadLines(path).Count(), lines);
        using var csv = CsvLines.Open(path);
        Assert.Equal(lines, csv.CountLinesAhead(long.MaxValue));
        Assert.Equal(Math.Min(lines, 2), csv.CountLinesAhead(2));          // no further than asked
        for (int read = 1; csv.TryRead(out _); read++)
            Assert.Equal(lines - read, csv.CountLinesAhead(long.MaxValue));   // from the read position on
    }

    [Fact]
    public void CountLinesAhead_takes_a_CRLF_split_between_two_reads_as_one_break()
    {
        var bytes = Enumerable.Repeat((byte)'1', 3 << 20).ToArray();
        bytes[(1 << 20) - 1] = (byte)'\r';                              // the last byte of the first 1 MB read ...
        bytes[1 << 20] = (byte)'\n';                                    // ... and the first of the next
        bytes[500] = (byte)'\r';                                        // a lone CR
        bytes[(2 << 20) + 7] = (byte)'\n';
        string path = _directory.File("long.csv");
        File.WriteAllBytes(path, bytes);
        using var csv = CsvLines.Open(path);
        Assert.Equal(File.ReadLines(path).Count(), csv.CountLinesAhead(long.MaxValue));
        Assert.Equal(4, csv.CountLinesAhead(long.MaxValue));
        Assert.True(csv.TryRead(out _));                                 // the buffer now holds the next bytes, the file the rest
        Assert.Equal(3, csv.CountLinesAhead(long.MaxValue));
        Assert.True(csv.TryRead(out _));
        Assert.Equal(2, csv.CountLinesAhead(long.MaxValue));
    }

    [Fact]
    public void Chunks_of_a_file_are_the_rows_of_the_whole_file()
    {
        var text = new StringBuilder("a,b,label\n");
        for (int r = 0; r < 1000; r++) text.Append(r % 97 == 0 ? "\n" : $"{r},{r % 7}.5,c{r % 3}\n");   // blank lines too
        string path = _directory.File("chunks.csv");
        File.WriteAllText(path, text.ToString());
        var whole = CsvReader.Read(path);
        var chunks = CsvReader.ReadChunks(path, 64).ToList();
        Assert.All(chunks.SkipLast(1), chunk => Assert.Equal(64, chunk.Rows));
        Assert.Equal(whole.Features, chunks.SelectMany(chunk => chunk.Features));
        Assert.Equal(whole.LineNumbers, chunks.SelectMany(chunk => chunk.LineNumbers));
    }

    [Fact]
    public void Chunks_in_one_reused_array_are_the_same_chunks_when_each_is_used_before_the_next()
    {
        var text = new StringBuilder("a,b,label\n");
        for (int r = 0; r < 1000; r++) text.Append($"{r},{r % 7}.5,c{r % 3}\n");
        string path = _directory.File("reused.csv");
        File.WriteAllText(path, text.ToString());
        var fresh = CsvReader.ReadChunks(path, 64).Select(chunk => chunk.Features).ToList();   // a new array for each chunk

        float[]? array = null;
        int chunks = 0;
        foreach (var chunk in CsvReader.ReadChunks(path, 64, reuseFeatures: true))
        {
            Assert.Equal(fresh[chunks++], chunk.Features);
            if (chunk.Rows == 64) Assert.Same(array ??= chunk.Features, chunk.Features);   // every full chunk in the first one's array
        }
        Assert.Equal(fresh.Count, chunks);
        Assert.Equal(16, chunks);
    }
}
