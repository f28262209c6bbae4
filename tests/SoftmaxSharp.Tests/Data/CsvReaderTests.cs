using System.Text;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Tests.Data;

public class CsvReaderTests
{
    static CsvTable Read(string text, string? labelColumn = null) => CsvReader.Read(new StringReader(text), "test.csv", labelColumn);

    static UserInputException ReadFails(string text, string? labelColumn = null) =>
        Assert.Throws<UserInputException>(() => Read(text, labelColumn));

    [Fact]
    public void DefaultLabelColumn_IsTheLast()
    {
        CsvTable table = Read("a,b,species\n1,2,x\n3.5,-4e1,y\n");

        Assert.Equal(["a", "b"], table.FeatureNames);
        Assert.Equal("species", table.LabelColumnName);
        Assert.Equal([1f, 2f, 3.5f, -40f], table.Features);
        Assert.Equal(["x", "y"], table.Labels!);
        Assert.Equal([2L, 3L], table.LineNumbers);
    }

    [Theory]
    [InlineData("species")]
    [InlineData("SPECIES")]                                      // names match case-insensitively
    [InlineData("1")]                                            // 1-based column number
    public void LabelColumn_ByNameOrNumber_TakesThatColumnOut(string labelColumn)
    {
        CsvTable table = Read("species,a,b\nx,1,2\ny,3,4\n", labelColumn);

        Assert.Equal(["a", "b"], table.FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4f], table.Features);
        Assert.Equal(["x", "y"], table.Labels!);
    }

    [Fact]
    public void LabelColumn_ByNumberInTheMiddle()
    {
        CsvTable table = Read("a,species,b\n1,x,2\n", "2");

        Assert.Equal(["a", "b"], table.FeatureNames);
        Assert.Equal([1f, 2f], table.Features);
        Assert.Equal(["x"], table.Labels!);
    }

    [Fact]
    public void LabelColumnNone_MakesEveryColumnAFeature()
    {
        CsvTable table = Read("a,b,c\n1,2,3\n", "none");

        Assert.Equal(["a", "b", "c"], table.FeatureNames);
        Assert.Equal([1f, 2f, 3f], table.Features);
        Assert.Null(table.Labels!);
        Assert.Null(table.LabelColumnName);
        Assert.Throws<UserInputException>(() => table.ToDataset());
    }

    [Fact]
    public void StringClassNames_AreSortedOrdinally()
    {
        Dataset data = Read("x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n").ToDataset();

        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal([2, 0, 1, 0], data.Labels);
    }

    [Fact]
    public void NumericClassNames_AreInNumericOrder()
    {
        Dataset data = Read("x,label\n1,10\n2,2\n3,1\n4,-3\n").ToDataset();

        Assert.Equal(["-3", "1", "2", "10"], data.ClassNames);
        Assert.Equal([3, 2, 1, 0], data.Labels);
    }

    [Fact]
    public void ToDataset_WithAModelsClassNames_KeepsTheModelsOrder()
    {
        Dataset data = Read("x,label\n1,b\n2,a\n").ToDataset(["b", "c", "a"]);

        Assert.Equal(["b", "c", "a"], data.ClassNames);
        Assert.Equal([0, 2], data.Labels);
    }

    [Fact]
    public void ToDataset_WithAModelsClassNames_RejectsAnUnknownClassAtItsLine()
    {
        CsvTable table = Read("x,label\n1,a\n\n2,b\n3,z\n");          // the blank line still counts

        var error = Assert.Throws<UserInputException>(() => table.ToDataset(["a", "b"]));

        Assert.Equal(5, error.Line);
        Assert.Equal("test.csv", error.File);
        Assert.Contains("'z'", error.Message);
        Assert.Contains("a, b", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\t\n")]
    public void EmptyFile_IsReported(string text)
    {
        var error = ReadFails(text);

        Assert.Contains("empty", error.Message);
        Assert.Equal("test.csv", error.File);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void HeaderOnly_IsReported()
    {
        var error = ReadFails("a,b,label\n\n");

        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public void RowWithTooFewFields_IsReportedAtItsLineAndLastField()
    {
        var error = ReadFails("a,b,label\n1,2,x\n1,2\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("2 fields but the header has 3", error.Message);
    }

    [Fact]
    public void RowWithTooManyFields_IsReportedAtTheFirstExtraField()
    {
        var error = ReadFails("a,b,label\n1,2,x,99\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(7, error.Column);                           // where "99" starts
        Assert.Contains("4 fields but the header has 3", error.Message);
    }

    [Fact]
    public void NonNumericCell_IsReportedWithLineColumnAndColumnName()
    {
        var error = ReadFails("a,width,label\n1,2,x\n1,abc,y\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("'abc'", error.Message);
        Assert.Contains("'width'", error.Message);
        Assert.Contains("--label", error.Hint);
        Assert.StartsWith("test.csv:3:3: ", error.Message);
    }

    [Fact]
    public void EmptyCell_IsReported()
    {
        var error = ReadFails("a,b,label\n1,,x\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("empty value", error.Message);
    }

    [Fact]
    public void EmptyLabel_IsReported()
    {
        var error = ReadFails("a,label\n1, \n");

        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("label", error.Message);
    }

    [Theory]
    [InlineData("NaN", 1)]
    [InlineData("Infinity", 1)]
    [InlineData("-Infinity", 1)]
    [InlineData("1e39", 1)]                                      // overflows float32
    public void NonFiniteNumbers_AreReported(string cell, int column)
    {
        var error = ReadFails($"a,b,label\n{cell},2,x\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains("not a finite number", error.Message);
    }

    [Theory]
    [InlineData("species")]
    [InlineData("0")]
    [InlineData("4")]
    public void UnknownLabelColumn_IsReportedWithTheColumnsThereAre(string labelColumn)
    {
        var error = ReadFails("a,b,label\n1,2,x\n", labelColumn);

        Assert.Equal(1, error.Line);
        Assert.Contains($"'{labelColumn}'", error.Message);
        Assert.Contains("a, b, label", error.Hint);
    }

    [Fact]
    public void UnclosedQuote_IsReportedWhereTheQuoteOpens()
    {
        var error = ReadFails("a,b,label\n1,\"2,x\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("quote", error.Message);
    }

    [Fact]
    public void TextAfterAClosingQuote_IsReported()
    {
        var error = ReadFails("a,b,label\n1,\"2\"3,x\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
    }

    [Theory]
    [InlineData("a;b;label\n1.5;2;x\n")]
    [InlineData("a\tb\tlabel\n1.5\t2\tx\n")]
    [InlineData("a,b,label\n1.5,2,x\n")]
    public void Delimiter_IsDetectedFromTheHeader(string text)
    {
        CsvTable table = Read(text);

        Assert.Equal(["a", "b"], table.FeatureNames);
        Assert.Equal([1.5f, 2f], table.Features);
        Assert.Equal(["x"], table.Labels!);
    }

    [Fact]
    public void SemicolonFile_NamesTheDelimiterWhenARowDoesNotFit()
    {
        var error = ReadFails("a;b;label\n1,5;2\n");

        Assert.Contains("';'", error.Hint);
    }

    [Fact]
    public void QuotedFields_MayHoldDelimitersAndDoubledQuotes()
    {
        CsvTable table = Read("\"a\",\"b, wide\",label\n\"1.5\",2,\"Iris, \"\"setosa\"\"\"\n");

        Assert.Equal(["a", "b, wide"], table.FeatureNames);
        Assert.Equal([1.5f, 2f], table.Features);
        Assert.Equal(["Iris, \"setosa\""], table.Labels!);
    }

    [Fact]
    public void SpacesAroundValues_AreIgnored()
    {
        CsvTable table = Read(" a , b ,label\n 1 , 2 , x \n");

        Assert.Equal(["a", "b"], table.FeatureNames);
        Assert.Equal([1f, 2f], table.Features);
        Assert.Equal(["x"], table.Labels!);
    }

    [Fact]
    public void File_WithUtf8BomAndCrlf_ReadsLikePlainText()
    {
        using var directory = new TempDirectory();
        string path = directory.File("bom.csv");
        System.IO.File.WriteAllText(path, "Sepal_Length,b,label\r\n1,2,7\r\n3,4,8\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, System.IO.File.ReadAllBytes(path)[0]);

        CsvTable table = CsvReader.Read(path);
        CsvTable byFirstName = CsvReader.Read(path, "Sepal_Length");

        Assert.Equal(["Sepal_Length", "b"], table.FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4f], table.Features);
        Assert.Equal(["7", "8"], table.Labels!);                // no '\r' left on the last field
        Assert.Equal(["b", "label"], byFirstName.FeatureNames);
        Assert.Equal([2f, 7f, 4f, 8f], byFirstName.Features);
        Assert.Equal(["1", "3"], byFirstName.Labels!);
        Assert.Equal(path, table.Path);
    }

    [Fact]
    public void File_ErrorsNameThePath()
    {
        using var directory = new TempDirectory();
        string path = directory.File("bad.csv");
        System.IO.File.WriteAllText(path, "a,label\r\nx,1\r\n");

        var error = Assert.Throws<UserInputException>(() => CsvReader.Read(path));

        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(1, error.Column);
    }

    [Fact]
    public void MissingFileOrDirectory_IsAUserError()
    {
        using var directory = new TempDirectory();

        Assert.Contains("not found", Assert.Throws<UserInputException>(() => CsvReader.Read(directory.File("missing.csv"))).Message);
        Assert.Contains("directory", Assert.Throws<UserInputException>(() => CsvReader.Read(directory.Path)).Message);
    }
}
