using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

/// <summary>
/// A CSV file is read from its UTF-8 bytes (no UTF-16 copy of it); text from a <see cref="TextReader"/> line by line.
/// Both must give the same table, or the same message, for any input: line breaks, byte order marks, encodings,
/// quotes, white space, non-ASCII text, lines longer than the read buffer.
/// </summary>
public sealed class CsvFileReadingTests : IDisposable
{
    readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>What reading gives, as text to compare: the table (floats as bits) or the message.</summary>
    static string Outcome(Func<IEnumerable<CsvTable>> read)
    {
        try
        {
            var text = new StringBuilder();
            foreach (var table in read())
            {
                text.Append("features ").AppendJoin(",", table.FeatureNames).Append(" label ").Append(table.LabelColumnName).AppendLine();
                text.Append("x ").AppendJoin(",", table.Features.Select(BitConverter.SingleToInt32Bits)).AppendLine();
                text.Append("y ").AppendJoin(",", table.Labels ?? []).AppendLine();
                text.Append("lines ").AppendJoin(",", table.LineNumbers).AppendLine();
            }
            return text.ToString();
        }
        catch (UserInputException e) { return "error: " + e.Message; }
    }

    /// <summary>The file read from its bytes, whole and in chunks of two rows, against the same bytes through a StreamReader.</summary>
    void AssertFileReadsAsText(byte[] bytes, string? labelColumn = null)
    {
        string path = _directory.File("data.csv");
        File.WriteAllBytes(path, bytes);
        StreamReader Text() => new(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        string fromText = Outcome(() => [CsvReader.Read(Text(), path, labelColumn)]);
        Assert.Equal(fromText, Outcome(() => [CsvReader.Read(path, labelColumn)]));
        Assert.Equal(Outcome(() => CsvReader.ReadChunks(Text(), path, labelColumn, null, 2).ToList()),
            Outcome(() => CsvReader.ReadChunks(path, 2, labelColumn).ToList()));
    }

    [Theory]
    [InlineData("a,b,label\n1,2,x\n3,4,y\n")]
    [InlineData("a,b,label\r\n1,2,x\r\n3,4,y")]                             // CRLF, no final line break
    [InlineData("a,b,label\r1,2,x\r3,4,y\r")]                               // lone CRs break lines too
    [InlineData("\uFEFFa,b,label\n1,2,x\n")]                                 // UTF-8 byte order mark
    [InlineData("a;b;label\n 1 ; 2.5 ;x\n-3;+4; y \n")]                      // white space around cells
    [InlineData("a\tb\tlabel\n1\t2\tx\n\t\t\n3\t 4\tz\n")]                   // tab separators, a line of tabs
    [InlineData("a,b,label\n\n   \n1,2,x\n\u00A0\n3,4,y\n")]                 // blank lines, a no-break space
    [InlineData("a,b,label\n1,2,Königin\n3,4,\"x, y\"\n\"5\",6,x\n")]        // non-ASCII labels, quoted cells
    [InlineData("a,b,label\n1e3,.5,x\n-0,5.,x\n16777217,0.12345678912,x\n")] // numbers for float.Parse
    [InlineData("a,b,label\n1,2,3,x\n")]                                    // too many fields
    [InlineData("a,b,label\n1,x\n")]                                        // too few
    [InlineData("a,b,label\n1,,x\n")]                                       // an empty cell
    [InlineData("a,b,label\n1,2,\n")]                                       // an empty label
    [InlineData("a,b,label\n1,2\u00A0,x\n")]                                // Unicode white space in a number
    [InlineData("a,b,label\n1,two,x\n")]
    [InlineData("label,a,b\nx,1,2\ny,3,4\n")]
    [InlineData("a,b,label\n")]
    [InlineData("")]
    public void A_file_reads_as_the_same_text_through_a_TextReader(string text)
    {
        AssertFileReadsAsText(Encoding.UTF8.GetBytes(text));
        AssertFileReadsAsText(Encoding.UTF8.GetBytes(text), "none");
        AssertFileReadsAsText(Encoding.UTF8.GetBytes(text), "1");
    }

    [Fact]
    public void UTF16_files_are_decoded_by_their_byte_order_mark()
    {
        string text = "a,b,label\r\n1,2.5,x\r\n3,4,ÿ\r\n";
        AssertFileReadsAsText(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());
        AssertFileReadsAsText(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray());

        string path = _directory.File("utf16.csv");
        File.WriteAllText(path, text, Encoding.Unicode);
        var table = CsvReader.Read(path);
        Assert.Equal([1f, 2.5f, 3f, 4f], table.Features);
        Assert.Equal(["x", "ÿ"], table.Labels!);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_are_read_whole()
    {
        const int d = 300_000;                                    // ≈ 1.2 MB per line, more than the 1 MB buffer
        var text = new StringBuilder();
        text.AppendJoin(",", Enumerable.Range(0, d).Select(j => $"f{j}")).Append(",label\n");
        for (int row = 0; row < 3; row++) text.AppendJoin(",", Enumerable.Range(0, d).Select(j => (j + row) % 1000)).Append(row == 1 ? ",b\r\n" : ",a\n");
        string path = _directory.File("wide.csv", text.ToString());

        var table = CsvReader.Read(path);

        Assert.Equal(3, table.Rows);
        Assert.Equal(["a", "b", "a"], table.Labels!);
        for (int row = 0; row < 3; row++)
            for (int j = 0; j < d; j += 997) Assert.Equal((j + row) % 1000, table.Features[row * d + j]);
    }

    [Fact]
    public void Mutated_files_read_as_the_same_text_through_a_TextReader()
    {
        byte[] valid = Encoding.UTF8.GetBytes("a,b,\"c d\",label\r\n1.5,-2,3e2,x\n4, 5 ,6,y\n\"7\",8,9,\"x, z\"\n0.25,255,+1,ü\n");
        string[] tokens = [",", ";", "\t", "\"", "\n", "\r\n", "\r", " ", "\uFEFF", "ü", "\u00A0", "\0", ".", "-", "+", "1e9", "16777217"];
        string?[] labelColumns = [null, "none", "1", "label"];
        int call = 0;
        var property = Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var bytes = new List<byte>(valid);
            for (int e = 1 + random.Next(3); e > 0; e--)
            {
                int at = random.Next(bytes.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)])); break;
                    default: bytes.RemoveRange(at, Math.Min(random.Next(8), bytes.Count - at)); break;
                }
            }
            AssertFileReadsAsText(bytes.ToArray(), labelColumns[call++ % labelColumns.Length]);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), property);
    }
}
