using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace SoftmaxSharp.Data;

/// <summary>
/// The fast path for the usual row (no quotes, plain decimals): its separators found 64 bytes at a time, so that no cell
/// waits for the one before it to be read, and the usual cell (a pixel, a count, a short decimal) read as 64-bit words
/// instead of byte by byte. Anything else goes to the slow path in CsvReader.cs, which reads it exactly or says what is wrong.
/// </summary>
public static partial class CsvReader
{
    /// <summary>
    /// A row without quotes whose cells are plain decimals (and a non-empty label), straight from the line's UTF-8 bytes:
    /// the separators first (<see cref="FindSeparators"/>), then each cell between two of them (<see cref="TryReadCell"/>).
    /// False for anything else — a quote, a wrong field count, an empty or unusual cell —, and the row goes through
    /// <see cref="ReadRow"/>, which reads it exactly or says what is wrong with it.
    /// </summary>
    /// <param name="separators">scratch: room for one position per column</param>
    // Compiled optimized at its first call (a file is read once per process: the first rows would otherwise run unoptimized
    // code, a cell at a time, until the tiered JIT caught up) and on its own, not inside ReadChunks' iterator.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static bool TryReadPlainRow(ReadOnlySpan<byte> line, byte separator, int labelIndex, Span<float> row, Span<int> separators, out string? label)
    {
        label = null;
        int columns = row.Length + (labelIndex >= 0 ? 1 : 0);
        if (FindSeparators(line, separator, separators[..columns]) != columns - 1) return false;   // too many or too few fields
        for (int j = 0, k = 0, start = 0; j < columns; j++)
        {
            int end = j < columns - 1 ? separators[j] : line.Length;                           // the cell is line[start..end]
            if (j == labelIndex)
            {
                if ((label = PlainLabel(line[start..end])) is null) return false;
            }
            else if (TryReadCell(line, start, end, out float value)) row[k++] = value;
            else return false;
            start = end + 1;
        }
        return true;
    }

    /// <summary>The label cell as text, trimmed; null where it is empty or quoted (the slow path reads it).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]           // once a row, off the cells' loop
    static string? PlainLabel(ReadOnlySpan<byte> cell)
    {
        if (cell.Contains((byte)'"')) return null;
        string label = Encoding.UTF8.GetString(cell).Trim();
        return label.Length == 0 ? null : label;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool IsPlainWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\v' or (byte)'\f';

    /// <summary>The separator as the byte the fast path looks for, or 0 where only the slow path can read it (non-ASCII, or a character of numbers).</summary>
    static byte PlainSeparator(char separator) => separator < 0x80 && !char.IsAsciiDigit(separator) && separator is not ('.' or '+' or '-' or '"') ? (byte)separator : (byte)0;

    /// <summary>
    /// Cell line[start..end] as a number, the float that <see cref="TryScanPlainDecimal"/> reads from it: 1 to 7 digits in one
    /// 64-bit word (SWAR: <see cref="DigitRun"/>, <see cref="DigitsValue"/>); any other cell in <see cref="TryReadOtherCell"/>.
    /// False when the cell is not [white space][±]digits[.digits][white space].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]      // once per cell: inlined into the row's loop
    static bool TryReadCell(ReadOnlySpan<byte> line, int start, int end, out float value)
    {
        int length = end - start;
        if (BitConverter.IsLittleEndian && (uint)(length - 1) < 7 && start + 8 <= line.Length)
        {
            ulong bytes = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(line), start));
            if (DigitRun(bytes) == length)                                    // digits, then the separator
            {
                value = DigitsValue(bytes, length);                           // below 10⁷ < 2²⁴: exact, as m / 10⁰
                return true;
            }
        }
        return TryReadOtherCell(line, start, end, out value);
    }

    /// <summary>
    /// Any other cell, kept out of the row's loop (which it would crowd): −digits[.digits] with at most 7 of each in two 64-bit
    /// words, x = ±m / 10^f as <see cref="TryScanPlainDecimal"/> computes it; the rest — white space, '+', longer numbers, the
    /// line's last 17 bytes — byte by byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]   // (as TryReadPlainRow: called from it, per cell)
    static bool TryReadOtherCell(ReadOnlySpan<byte> line, int start, int end, out float value)
    {
        if (BitConverter.IsLittleEndian && start + 17 <= line.Length)        // room for the sign, 7 digits, the point and a word
        {
            ref byte cell = ref Unsafe.Add(ref MemoryMarshal.GetReference(line), start);
            int sign = cell == '-' ? 1 : 0;
            ulong whole = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref cell, sign));
            int digits = DigitRun(whole), point = sign + digits, decimals = 0;
            long mantissa = digits is > 0 and < 8 ? DigitsValue(whole, digits) : -1;
            if (mantissa >= 0 && point < end - start && Unsafe.Add(ref cell, point) == '.')
            {
                ulong fraction = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref cell, point + 1));
                decimals = DigitRun(fraction);
                mantissa = decimals == 0 ? mantissa : mantissa * (long)s_powersOfTen[decimals] + DigitsValue(fraction, decimals);
                point += 1 + decimals;
            }
            if (mantissa >= 0 && decimals < 8 && point == end - start && mantissa <= 1 << 24)
            {
                value = mantissa / s_powersOfTen[decimals];                   // (m / 10⁰ = m exactly)
                value = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(value) ^ sign << 31);   // −x where signed, without a branch
                return true;
            }
        }
        var text = line[start..end];
        int i = 0;
        while (i < text.Length && IsPlainWhiteSpace(text[i])) i++;
        if (!TryScanPlainDecimal(text, ref i, out value)) return false;
        while (i < text.Length && IsPlainWhiteSpace(text[i])) i++;
        return i == text.Length;
    }

    /// <summary>How many of <paramref name="bytes"/>' eight (the first in the lowest byte) are ASCII digits before the first that is not: 0 to 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DigitRun(ulong bytes)
    {
        ulong x = bytes ^ 0x3030303030303030;                                    // '0' … '9' become 0 … 9
        ulong notDigit = ((x + 0x7676767676767676) | x) & 0x8080808080808080;    // the top bit of each byte above 9 (a carry out of a
        return BitOperations.TrailingZeroCount(notDigit) >> 3;                   // byte over 0x7F reaches only bytes after it); none: 8
    }

    /// <summary>The number spelled by the first <paramref name="digits"/> (1 to 8) of <paramref name="bytes"/>, all ASCII digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint DigitsValue(ulong bytes, int digits)
    {
        ulong x = (bytes & 0x0F0F0F0F0F0F0F0F) << (8 * (8 - digits));           // as eight digits, with leading zeros
        x = (x * (10 << 8) + x) >> 8 & 0x00FF00FF00FF00FF;                       // pairs: 10·d₀ + d₁, …
        x = (x * (100 << 16) + x) >> 16 & 0x0000FFFF0000FFFF;                    // fours
        return (uint)((x * (10000L << 32) + x) >> 32);                            // all eight
    }

    /// <summary>
    /// The positions of <paramref name="line"/>'s separators into <paramref name="positions"/>, found 64 bytes at a time (a
    /// vector compare gives a bit per byte); returns how many there are, or positions.Length + 1 where they do not fit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]      // (as TryReadPlainRow)
    internal static int FindSeparators(ReadOnlySpan<byte> line, byte separator, Span<int> positions)
    {
        int count = 0;
        for (int block = 0; block < line.Length; block += 64)
        {
            ulong bits = SeparatorBits(line, block, separator);
            if (count + BitOperations.PopCount(bits) > positions.Length) return positions.Length + 1;
            for (; bits != 0; bits &= bits - 1) positions[count++] = block + BitOperations.TrailingZeroCount(bits);
        }
        return count;
    }

    /// <summary>A bit for each of the 64 bytes from <paramref name="at"/> (those past the line's end: 0) that is the separator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong SeparatorBits(ReadOnlySpan<byte> line, int at, byte separator)
    {
        if (at + 64 > line.Length) return SeparatorBitsOfTail(line, at, separator);
        ref byte start = ref Unsafe.Add(ref MemoryMarshal.GetReference(line), at);
        return Vector512.IsHardwareAccelerated ? SeparatorBits512(ref start, separator)
            : Vector256.IsHardwareAccelerated ? SeparatorBits256(ref start, separator)
            : SeparatorBitsScalar(ref start, separator);
    }

    /// <summary>The 64 bytes at <paramref name="start"/> compared with the separator in one 512-bit vector: a bit per byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SeparatorBits512(ref byte start, byte separator) =>
        Vector512.Equals(Vector512.LoadUnsafe(ref start), Vector512.Create(separator)).ExtractMostSignificantBits();

    /// <summary>The same in two 256-bit vectors (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SeparatorBits256(ref byte start, byte separator)
    {
        var s = Vector256.Create(separator);
        return Vector256.Equals(Vector256.LoadUnsafe(ref start), s).ExtractMostSignificantBits()
            | (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref start, 32), s).ExtractMostSignificantBits() << 32;
    }

    /// <summary>The same a byte at a time: the reference the vector ones are tested against.</summary>
    internal static ulong SeparatorBitsScalar(ref byte start, byte separator)
    {
        ulong bits = 0;
        for (int i = 63; i >= 0; i--) bits = bits << 1 | (Unsafe.Add(ref start, i) == separator ? 1UL : 0);
        return bits;
    }

    /// <summary><see cref="SeparatorBits"/> of a line's last bytes, fewer than 64: from a copy padded with zeros (never the separator).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static ulong SeparatorBitsOfTail(ReadOnlySpan<byte> line, int at, byte separator)
    {
        Span<byte> tail = stackalloc byte[64];
        tail.Clear();
        line[at..].CopyTo(tail);
        return SeparatorBits(tail, 0, separator);
    }
}
