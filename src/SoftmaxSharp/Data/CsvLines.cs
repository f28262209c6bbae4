using System.Text;

namespace SoftmaxSharp.Data;

/// <summary>
/// The lines of CSV text as UTF-8 bytes, split where <see cref="TextReader.ReadLine"/> splits (at \n, \r or \r\n), so
/// that the reader parses numbers straight from the bytes of a file, with no UTF-16 copy of it.
/// </summary>
abstract class CsvLines : IDisposable
{
    /// <summary>The next line, without its line break; valid until the next call.</summary>
    public abstract bool TryRead(out ReadOnlySpan<byte> line);

    /// <summary>
    /// How many lines come after the one <see cref="TryRead"/> gave last (line breaks as it takes them: \n, \r or \r\n, and a
    /// last line without one), counted up to <paramref name="atMost"/> in a pass of their own over a file — no further, so
    /// that a file streamed in chunks is not read twice from disk; null for text that is not a file. The reader sizes its
    /// array of numbers by it, so that the array is filled once instead of grown by copies.
    /// </summary>
    public virtual long? CountLinesAhead(long atMost) => null;

    public virtual void Dispose() { }

    /// <summary>
    /// The lines of a file: UTF-8 (with or without its byte order mark) read as bytes; a file that starts with a UTF-16
    /// or UTF-32 byte order mark is decoded by a <see cref="StreamReader"/> as before.
    /// </summary>
    public static CsvLines Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        Span<byte> start = stackalloc byte[2];
        int read = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        bool utf16Or32 = read == 2 && (start[0], start[1]) is (0xFF, 0xFE) or (0xFE, 0xFF) or (0x00, 0x00);
        return utf16Or32 ? new Text(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true)) : new Utf8(stream);
    }

    /// <summary>The lines of a <see cref="TextReader"/>, each encoded to UTF-8.</summary>
    public static CsvLines Of(TextReader reader) => new Text(reader, owned: false);

    sealed class Utf8(FileStream stream) : CsvLines
    {
        byte[] _buffer = new byte[1 << 20];
        int _start, _end;
        bool _endOfStream, _first = true;           // _first: before the first read, which holds the byte order mark if any

        public override bool TryRead(out ReadOnlySpan<byte> line)
        {
            while (true)
            {
                var pending = _buffer.AsSpan(_start, _end - _start);
                int i = pending.IndexOfAny((byte)'\n', (byte)'\r');
                if (i >= 0 && (pending[i] == '\n' || i + 1 < pending.Length || _endOfStream))
                {
                    int lineBreak = pending[i] == '\r' && i + 1 < pending.Length && pending[i + 1] == '\n' ? 2 : 1;
                    line = pending[..i];
                    _start += i + lineBreak;
                    return true;
                }
                if (_endOfStream)
                {
                    line = pending;
                    _start = _end;
                    return pending.Length > 0;
                }
                Fill();
            }
        }

        /// <summary>Moves the unread bytes to the front (growing the buffer if one line fills it) and reads more.</summary>
        void Fill()
        {
            int pending = _end - _start;
            if (pending == _buffer.Length) Array.Resize(ref _buffer, 2 * _buffer.Length);
            else if (_start > 0) Array.Copy(_buffer, _start, _buffer, 0, pending);
            (_start, _end) = (0, pending);
            int read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _endOfStream = true;
            _end += read;
            if (_first && _buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8)) _start = 3;   // the UTF-8 byte order mark
            _first = false;
        }

        byte[]? _countBuffer;

        /// <summary>The unread bytes in the buffer, then the file's from its read position on, without moving it; null for a pipe.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]   // once a chunk, over MBs
        public override long? CountLinesAhead(long atMost)
        {
            if (!stream.CanSeek) return null;
            var counter = new LineCounter();
            counter.Add(_buffer.AsSpan(_start, _end - _start));
            if (counter.Lines < atMost && !_endOfStream)
            {
                var bytes = _countBuffer ??= new byte[1 << 20];
                for (long offset = stream.Position, read; counter.Lines < atMost && (read = RandomAccess.Read(stream.SafeFileHandle, bytes, offset)) > 0; offset += read)
                    counter.Add(bytes.AsSpan(0, (int)read));
            }
            return Math.Min(atMost, counter.Finished);
        }

        public override void Dispose() => stream.Dispose();
    }

    sealed class Text(TextReader reader, bool owned = true) : CsvLines
    {
        byte[] _buffer = new byte[1 << 12];

        public override bool TryRead(out ReadOnlySpan<byte> line)
        {
            string? text = reader.ReadLine();
            if (text is null) { line = default; return false; }
            int bytes = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (bytes > _buffer.Length) _buffer = new byte[Math.Max(bytes, 2 * _buffer.Length)];
            line = _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
            return true;
        }

        public override void Dispose() { if (owned) reader.Dispose(); }
    }

    /// <summary>Line breaks counted over bytes that come in pieces: \n, \r and \r\n, one line each, as <see cref="TryRead"/> splits.</summary>
    struct LineCounter
    {
        public long Lines;
        byte _last;
        bool _any;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return;
            int returns = bytes.Count((byte)'\r');
            Lines += bytes.Count((byte)'\n') + (returns == 0 ? 0 : returns - bytes.Count("\r\n"u8));   // \r\n is one break
            if (_last == '\r' && bytes[0] == '\n') Lines--;                                              // also across two pieces
            (_last, _any) = (bytes[^1], true);
        }

        /// <summary>The lines, a last one without a line break included.</summary>
        public readonly long Finished => Lines + (_any && _last is not ((byte)'\n' or (byte)'\r') ? 1 : 0);
    }
}
