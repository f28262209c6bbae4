using System.Globalization;
using SoftmaxSharp.Metrics;

namespace SoftmaxSharp.Tests.Metrics;

public class ClassificationReportTests
{
    /// <summary>The matrix of tests/reference/sklearn_classification_report_reference.py: counts[true][predicted].</summary>
    static readonly int[][] Counts =
    [
        [5, 2, 0, 1, 0],
        [1, 7, 0, 0, 1],
        [0, 3, 0, 2, 0],
        [0, 0, 0, 4, 0],
        [0, 0, 0, 0, 0],
    ];

    static ConfusionMatrix Matrix()
    {
        var actual = new List<int>();
        var predicted = new List<int>();
        for (int t = 0; t < Counts.Length; t++)
            for (int p = 0; p < Counts[t].Length; p++)
                for (int i = 0; i < Counts[t][p]; i++) { actual.Add(t); predicted.Add(p); }
        return new ConfusionMatrix(["a", "b", "c", "d", "e"], actual.ToArray(), predicted.ToArray());
    }

    [Fact]
    public void AgreesWithScikitLearnClassificationReport()
    {
        var report = new ClassificationReport(Matrix());
        var rows = report.Classes.Append(report.MacroAverage).Append(report.WeightedAverage).ToDictionary(r => r.Name.Replace(' ', '_'));
        int checkedRows = 0;
        foreach (string line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "sklearn_classification_report.txt")))
        {
            if (line.StartsWith('#')) continue;
            string[] f = line.Split(' ');
            double Number(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            if (f[0] == "accuracy")
            {
                Assert.Equal(Number(1), report.Accuracy, 1e-15);
                continue;
            }
            var row = rows[f[0]];
            Assert.Equal(Number(1), row.Precision, 1e-15);
            Assert.Equal(Number(2), row.Recall, 1e-15);
            Assert.Equal(Number(3), row.F1, 1e-15);
            Assert.Equal(long.Parse(f[4], CultureInfo.InvariantCulture), row.Support);
            checkedRows++;
        }
        Assert.Equal(7, checkedRows);                             // five classes and both averages
    }

    [Fact]
    public void ClassA_ByHand()
    {
        // a: TP 5, predicted a 6 (5 + 1 from b), actual a 8 → P = 5/6, R = 5/8, F1 = 2PR/(P+R) = 10/14.
        var a = new ClassificationReport(Matrix()).Classes[0];
        Assert.Equal(5.0 / 6, a.Precision, 1e-15);
        Assert.Equal(5.0 / 8, a.Recall, 1e-15);
        Assert.Equal(10.0 / 14, a.F1, 1e-15);
    }
}
