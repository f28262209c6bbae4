using System.Globalization;
using System.Text;
using SoftmaxSharp.Data;
using SoftmaxSharp.Metrics;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Reports;

/// <summary>
/// A trained model's report: a self-contained <c>index.html</c> (no network needed to view it) with the
/// learning curves, the confusion matrix as a heat map, per-class precision/recall/F1, the weights of each
/// class as an image (softmax regression on image data) and the decision regions (two-feature data); every chart is also written
/// as a file of its own. Every file is written atomically.
/// </summary>
public static class ModelReport
{
    /// <summary>
    /// Writes the report into <paramref name="directory"/> (created if missing) and returns the paths written, index.html last.
    /// </summary>
    /// <param name="evaluation">labelled data the confusion matrix and scores are computed on (e.g. the test set)</param>
    /// <param name="history">the training history, or null when it is not known (the report then says so)</param>
    /// <param name="trainingPoints">the points drawn over the decision regions (default: <paramref name="evaluation"/>)</param>
    public static IReadOnlyList<string> Write(string directory, IClassifier model, Dataset evaluation, IReadOnlyList<EpochResult>? history,
        Dataset? trainingPoints = null, string? title = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string Save(string name, byte[] content)
        {
            string path = Path.Combine(directory, name);
            AtomicFile.Write(path, stream => stream.Write(content));
            written.Add(path);
            return path;
        }
        string SaveSvg(string name, Svg svg) => Save(name, Encoding.UTF8.GetBytes(svg.ToString()));

        var confusion = new ConfusionMatrix(model.ClassNames, evaluation.Labels, model.Predict(evaluation));
        var scores = new ClassificationReport(confusion);
        var page = new HtmlPage(title ?? $"{(model is SoftmaxRegression ? "Softmax regression" : "A network")} on {evaluation.Source}");
        page.Paragraph(Invariant($"{model.Features} features, {model.Classes} classes; evaluated on {evaluation.Rows} rows of {evaluation.Source}: ")
            + Invariant($"accuracy {confusion.Accuracy:F4}, mean cross-entropy {model.Loss(evaluation):F5}."), "meta");

        page.Heading("Learning curves");
        if (history is { Count: > 0 })
        {
            var (loss, accuracy) = LearningCurves(history);
            SaveSvg("learning-loss.svg", loss);
            SaveSvg("learning-accuracy.svg", accuracy);
            Save("history.csv", Encoding.UTF8.GetBytes(HistoryCsv.Format(history)));
            page.Figure(loss, "Mean cross-entropy per epoch (train: averaged over the epoch's batches; validation: after the epoch)")
                .Figure(accuracy, "Accuracy per epoch");
        }
        else page.Paragraph("No training history was available, so there are no learning curves. Train with 'softmax train --report DIR', or give 'softmax report' the history.csv of an earlier report or a checkpoint file (--history).", "note");

        if (model is SoftmaxRegression regression && WeightImages.Side(regression) is int side)
        {
            page.Heading("Weights of each class");
            page.Paragraph($"Each class's weights w_c as a {side}×{side} image: red pixels raise the class's score when bright, blue ones lower it; white is 0. One scale for all classes (saturating at the 99.5th percentile of |w|).", "meta");
            var images = WeightImages.PerClass(regression);
            for (int c = 0; c < images.Length; c++)
            {
                byte[] png = Png.Encode(images[c]);
                Save($"weights-{c}-{FileSafe(model.ClassNames[c])}.png", png);
                page.Image(png, model.ClassNames[c], $"weights of class {model.ClassNames[c]}", side * 7 / 2);
            }
            Save("weights.png", Png.Encode(WeightImages.Grid(images)));
        }

        if (DecisionRegions.Applies(model))
        {
            page.Heading("Decision regions");
            var regions = DecisionRegions.Render(model, trainingPoints ?? evaluation);
            SaveSvg("decision-regions.svg", regions);
            page.Figure(regions, $"The predicted class over the plane of {model.FeatureNames[0]} × {model.FeatureNames[1]}, with the {(trainingPoints is null ? "evaluation" : "training")} points");
        }

        page.Heading("Confusion matrix and per-class scores");
        var heatMap = ConfusionHeatMap.Render(confusion);
        SaveSvg("confusion.svg", heatMap);
        page.Raw("<div class=\"row\">\n");
        page.Figure(heatMap, "Rows: true class; columns: predicted class; shade: share of the row");
        page.Table(["class", "precision", "recall", "F1", "support"],
            scores.Classes.Append(scores.MacroAverage).Append(scores.WeightedAverage).Select(Row)
                .Append(["accuracy", "", "", Invariant($"{scores.Accuracy:F4}"), Invariant($"{scores.Support}")]));
        page.Raw("</div>\n");

        Save("index.html", Encoding.UTF8.GetBytes(page.ToString()));
        return written;
    }

    /// <summary>Loss and accuracy per epoch, train and (where there is one) validation.</summary>
    public static (Svg Loss, Svg Accuracy) LearningCurves(IReadOnlyList<EpochResult> history)
    {
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        bool validation = history.Any(e => e.HasValidation);
        List<Series> Curves(Func<EpochResult, double> train, Func<EpochResult, double> held) =>
            validation
                ? [new Series("train", epochs, history.Select(train).ToArray(), ColorIndex: 0), new Series("validation", epochs, history.Select(held).ToArray(), Dashed: true, ColorIndex: 1)]
                : [new Series("train", epochs, history.Select(train).ToArray(), ColorIndex: 0)];
        return (LineChart.Render("Loss", "epoch", "cross-entropy", Curves(e => e.TrainLoss, e => e.ValidationLoss)),
                LineChart.Render("Accuracy", "epoch", "accuracy", Curves(e => e.TrainAccuracy, e => e.ValidationAccuracy)));
    }

    static IReadOnlyList<string> Row(ClassScores s) =>
        [s.Name, Invariant($"{s.Precision:F4}"), Invariant($"{s.Recall:F4}"), Invariant($"{s.F1:F4}"), Invariant($"{s.Support}")];

    /// <summary>A class name as part of a file name: letters, digits, '-' and '_' kept, anything else '-'.</summary>
    internal static string FileSafe(string name) =>
        new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray());

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
