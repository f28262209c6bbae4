using System.Buffers.Binary;
using System.IO.Compression;
using SoftmaxSharp.Reports;

namespace SoftmaxSharp.Tests.Reports;

public class PngTests
{
    /// <summary>A decoder for what the encoder writes (8-bit RGB, filter 0), checking every chunk's CRC with a bitwise CRC-32 of its own.</summary>
    internal static (int Width, int Height, byte[] Rgb) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int position = 8, width = 0, height = 0;
        var data = new MemoryStream();
        var types = new List<string>();
        while (position < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            string type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            var body = png.AsSpan(position + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(BitwiseCrc32(png.AsSpan(position + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, body[8..].ToArray());   // 8 bits, RGB, deflate, filter method 0, no interlace
            }
            else if (type == "IDAT") data.Write(body);
            position += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        data.Position = 0;
        using var zlib = new ZLibStream(data, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] scanlines = raw.ToArray();
        Assert.Equal(height * (1 + 3 * width), scanlines.Length);
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, scanlines[y * (1 + 3 * width)]);       // filter type 0
            Array.Copy(scanlines, y * (1 + 3 * width) + 1, rgb, y * 3 * width, 3 * width);
        }
        return (width, height, rgb);
    }

    /// <summary>CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected), one bit at a time.</summary>
    static uint BitwiseCrc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void BitwiseCrc_MatchesTheStandardCheckValue() => Assert.Equal(0xCBF43926u, BitwiseCrc32("123456789"u8));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(28, 28)]
    [InlineData(3, 17)]
    [InlineData(300, 2)]
    public void RoundTrip_GivesBackTheDimensionsAndEveryPixel(int width, int height)
    {
        var image = new RgbImage(width, height);
        var random = new Random(width * 1000 + height);
        random.NextBytes(image.Pixels);

        var (w, h, rgb) = Decode(Png.Encode(image));

        Assert.Equal(width, w);
        Assert.Equal(height, h);
        Assert.Equal(image.Pixels, rgb);
    }

    [Fact]
    public void OneRedPixel_IsTheKnownFile()
    {
        var image = new RgbImage(1, 1);
        image.Set(0, 0, new Rgb(255, 0, 0));
        byte[] png = Png.Encode(image);
        // IHDR of a 1×1 8-bit RGB image and its CRC, as every PNG writer produces them.
        Assert.Equal(Convert.FromHexString("0000000D4948445200000001000000010802000000907753DE"), png[8..33]);
        Assert.Equal(Convert.FromHexString("0000000049454E44AE426082"), png[^12..]);   // IEND and its fixed CRC
    }

    [Fact]
    public void DataUri_IsBase64Png() =>
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", Png.DataUri(Png.Encode(new RgbImage(2, 2))));
}
