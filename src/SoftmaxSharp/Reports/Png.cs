using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace SoftmaxSharp.Reports;

/// <summary>
/// A minimal PNG encoder (ISO/IEC 15948): 8-bit truecolor (RGB), no interlacing, every scanline with
/// filter type 0 (none), the image data deflated in a zlib stream. Chunks are length, type, data and the
/// CRC-32 of type + data, all big-endian.
/// </summary>
public static class Png
{
    static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG file of an RGB image.</summary>
    public static byte[] Encode(RgbImage image)
    {
        using var file = new MemoryStream();
        file.Write(Signature);

        Span<byte> header = stackalloc byte[13];                  // IHDR: width, height, bit depth 8, colour type 2 (RGB), compression 0, filter 0, interlace 0
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;
        header[9] = 2;
        WriteChunk(file, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = image.Width * 3;
            for (int y = 0; y < image.Height; y++)
            {
                zlib.WriteByte(0);                                // filter type 0: the row as it is
                zlib.Write(image.Pixels, y * stride, stride);
            }
        }
        WriteChunk(file, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(file, "IEND"u8, []);
        return file.ToArray();
    }

    static void WriteChunk(Stream file, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        file.Write(type);
        file.Write(data);
        var crc = new Crc32();                                    // over the type and the data, not the length
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        file.Write(word);
    }

    /// <summary>The image as a data: URI, for an &lt;img&gt; in a self-contained HTML page.</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}

/// <summary>An RGB image, 8 bits per channel, rows top to bottom: Pixels [height, width, 3].</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"an image needs at least 1×1 pixels (got {width}×{height})");
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>[height, width, 3]: r, g, b of each pixel.</summary>
    public byte[] Pixels { get; }

    public void Set(int x, int y, Rgb color)
    {
        int i = (y * Width + x) * 3;
        Pixels[i] = color.R;
        Pixels[i + 1] = color.G;
        Pixels[i + 2] = color.B;
    }

    public Rgb Get(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    public void Fill(int x0, int y0, int width, int height, Rgb color)
    {
        for (int y = y0; y < y0 + height; y++)
            for (int x = x0; x < x0 + width; x++) Set(x, y, color);
    }
}
