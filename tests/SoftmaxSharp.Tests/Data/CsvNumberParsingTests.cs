using System.Globalization;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

/// <summary>The CSV reader's numbers are exactly float.Parse's, whichever path (the plain-decimal fast path or float.TryParse) reads them.</summary>
public class CsvNumberParsingTests
{
    [Fact]
    public void Every_cell_is_the_float_that_float_Parse_gives()
    {
        var random = new Random(7);
        var cells = new List<string>
        {
            "0", "-0", "+0", "1", "255", "0.5", ".5", "5.", "-.25", "+3.75", "007", "0.1", "0.3", "-1.17549435E-38", "1e3", "2.5E-3",
            "16777216", "16777217", "16777218", "123456789", "0.1234567891", "0.12345678912", "3.4028235E+38", " 42 ", "1.00000000000",
            "99999999999999999999", "0.000000000001", "-16777216.0",
        };
        for (int i = 0; i < 3000; i++)
        {
            int decimals = random.Next(0, 12);
            long mantissa = random.Next(0, 3) switch { 0 => random.Next(0, 256), 1 => random.Next(0, 1 << 24), _ => random.NextInt64(0, 1L << 40) };
            string digits = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
            string cell = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
            cells.Add(random.Next(4) == 0 ? "-" + cell : cell);
        }
        string csv = string.Join(",", cells.Select((_, j) => $"f{j}")) + ",label\n" + string.Join(",", cells) + ",a\n";

        var table = CsvReader.Read(new StringReader(csv), "numbers.csv");

        for (int j = 0; j < cells.Count; j++)
        {
            float expected = float.Parse(cells[j].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(table.Features[j]),
                $"'{cells[j]}': expected {expected:R}, read {table.Features[j]:R}");
        }
    }

    [Theory]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1-2")]
    [InlineData("--1")]
    public void Malformed_numbers_are_still_reported_as_not_a_number(string cell)
    {
        var error = Assert.Throws<UserInputException>(() => CsvReader.Read(new StringReader($"a,label\n{cell},x\n"), "bad.csv"));
        Assert.Contains("is not a number", error.Message);
    }
}
