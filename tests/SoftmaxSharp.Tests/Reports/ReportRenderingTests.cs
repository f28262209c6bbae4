using System.Text.RegularExpressions;
using SoftmaxSharp.Models;
using SoftmaxSharp.Reports;
using SoftmaxSharp.Tests.Cli;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Reports;

/// <summary>
/// The report as a person sees it: opened in headless Chromium (Debian's chromium, which .ci/run installs), with a
/// probe script added to a copy of the page that records script errors, images that failed to decode and the size
/// each chart is drawn at. Skipped, saying why, only where chromium is not installed.
/// </summary>
public class ReportRenderingTests
{
    const string Chromium = "/usr/bin/chromium";

    sealed class FactWithChromiumAttribute : FactAttribute
    {
        public FactWithChromiumAttribute()
        {
            if (!File.Exists(Chromium)) Skip = $"{Chromium} is not installed: apt-get install chromium (.ci/run does)";
        }
    }

    const string Probe = """
        <script>
        window.__errors = [];
        window.addEventListener('error', e => window.__errors.push(e.message || ('failed to load ' + (e.target && e.target.tagName))), true);
        window.addEventListener('load', () => {
          const images = [...document.images];
          const broken = images.filter(i => !i.complete || i.naturalWidth === 0).length;
          const svgs = [...document.querySelectorAll('body > figure > svg, figure > svg')];
          const drawn = svgs.filter(s => { const r = s.getBoundingClientRect(); return r.width > 100 && r.height > 100; }).length;
          const svgImages = [...document.querySelectorAll('svg image')].filter(i => i.getAttribute('href').startsWith('data:image/png;base64,')).length;
          const probe = document.createElement('pre');
          probe.id = 'probe';
          probe.textContent = `images=${images.length} broken=${broken} svgs=${svgs.length} drawn=${drawn} svg-images=${svgImages} errors=${window.__errors.length} ${window.__errors.join('; ')}`;
          document.body.appendChild(probe);
        });
        </script>
        """;

    /// <summary>Loads a copy of <paramref name="index"/> with the probe and returns the probe's line and the DOM.</summary>
    static (string Probe, string Dom) Render(string index, TempDirectory temp)
    {
        string page = Path.Combine(Path.GetDirectoryName(index)!, "probe.html");
        File.WriteAllText(page, File.ReadAllText(index).Replace("</head>", Probe + "\n</head>"));
        var run = ExternalTool.Run(Chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + temp.File("chromium-profile"), "--virtual-time-budget=10000",
             "--dump-dom", new Uri(page).AbsoluteUri], temp.Path, 120);
        Assert.True(run.ExitCode == 0, $"chromium exited with {run.ExitCode}: {run.Error}");
        var match = Regex.Match(run.Output, "<pre id=\"probe\">([^<]*)</pre>");
        Assert.True(match.Success, "the probe did not run (the page did not finish loading?): " + run.Output[..Math.Min(2000, run.Output.Length)]);
        return (match.Groups[1].Value.Trim(), run.Output);
    }

    [FactWithChromium]
    public void TrainReport_OnIris2D_LoadsWithoutErrors_WithItsCharts()
    {
        using var temp = new TempDirectory();
        string report = temp.File("report");
        var train = CliRunner.Run("train", "--data", "iris-2d-3c", "--test", "iris-2d-3c", "--epochs", "50", "--report", report, "--quiet");
        Assert.True(train.ExitCode == 0, train.Error);

        var (probe, dom) = Render(Path.Combine(report, "index.html"), temp);

        // learning curves (2), confusion heat map, decision regions; their region raster is an SVG <image>
        Assert.Equal("images=0 broken=0 svgs=4 drawn=4 svg-images=1 errors=0", probe);
        Assert.Contains("Decision regions", dom);
        Assert.Contains("macro avg", dom);
    }

    [FactWithChromium]
    public void ImageReport_ShowsEveryClassWeightImage()
    {
        using var temp = new TempDirectory();
        var data = ModelReportTests.TinyImages();
        var model = new SoftmaxRegression();
        var history = model.Fit(data, new TrainingOptions { Epochs = 3, Scaling = SoftmaxSharp.Data.Scaling.Pixels }, data);
        ModelReport.Write(temp.File("report"), model, data, history.Epochs);

        var (probe, dom) = Render(temp.File("report/index.html"), temp);

        Assert.Equal("images=3 broken=0 svgs=3 drawn=3 svg-images=0 errors=0", probe);
        Assert.Contains("alt=\"weights of class right/edge\"", dom);
    }
}
