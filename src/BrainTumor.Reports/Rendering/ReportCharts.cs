using System.Text.RegularExpressions;
using BrainTumor.Reports.Building;
using BrainTumor.Reports.Document;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace BrainTumor.Reports.Rendering;

/// <summary>
/// The report's charts as inline SVG, drawn by OxyPlot (managed code only: no native graphics
/// library, text measured with built-in font metrics). Each chart's element ids get their own
/// prefix, because several SVGs inline in one HTML page share one id space.
/// </summary>
public sealed partial class ReportCharts
{
    private const int Width = 560;
    private const int WideWidth = 760;
    private const int Height = 300;
    private static readonly OxyColor Train = OxyColor.FromRgb(0x1f, 0x77, 0xb4);
    private static readonly OxyColor Validation = OxyColor.FromRgb(0xd6, 0x5f, 0x00);

    private int _charts;

    /// <summary>Each fold's test accuracy, their mean, and the published accuracies as reference lines.</summary>
    public string TestAccuracy(ReportDocument report)
    {
        var model = Model("Test accuracy by fold");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "fold", MajorStep = 1, MinorStep = 1, Minimum = 0.5, Maximum = report.Folds.Count + 0.5 });
        model.Axes.Add(PercentAxis("test accuracy (%)"));
        var folds = new ScatterSeries { Title = "fold", MarkerType = MarkerType.Circle, MarkerSize = 5, MarkerFill = Validation };
        folds.Points.AddRange(report.Folds.Select((f, i) => new ScatterPoint(i + 1, f.Accuracy * 100)));
        model.Series.Add(folds);
        Reference(model, report.MeanAccuracy, "mean of the folds", Validation, LineStyle.Solid);
        Reference(model, PublishedResults.Swati2019.Accuracy, "Swati et al. 2019", OxyColors.DimGray, LineStyle.Dash);
        Reference(model, PublishedResults.Cheng2015.Accuracy, "Cheng et al. 2015", OxyColors.DarkGray, LineStyle.Dot);
        return Svg(model, WideWidth); // room for the legend's four long entries
    }

    /// <summary>Best validation accuracy by depth, a line per fold, the chosen depth marked.</summary>
    public string AccuracyByDepth(DepthTable table)
    {
        var model = Model("Validation accuracy by depth");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "depth (blocks unfrozen)", MajorStep = 1, MinorStep = 1, Minimum = -0.2, Maximum = table.Rows.Count - 0.8 });
        model.Axes.Add(PercentAxis("best validation accuracy (%)"));
        var chosen = new ScatterSeries { Title = "chosen depth", MarkerType = MarkerType.Diamond, MarkerSize = 7, MarkerFill = OxyColors.Black };
        foreach (var fold in table.Folds)
        {
            var line = new LineSeries { Title = $"fold {fold}", MarkerType = MarkerType.Circle, MarkerSize = 3 };
            foreach (var row in table.Rows)
            {
                var cell = row.Cells.Single(c => c.Fold == fold);
                if (cell.ValidationAccuracy is not { } accuracy)
                    continue;
                line.Points.Add(new DataPoint(row.Depth, accuracy * 100));
                if (cell.Chosen)
                    chosen.Points.Add(new ScatterPoint(row.Depth, accuracy * 100));
            }
            model.Series.Add(line);
        }
        model.Series.Add(chosen);
        return Svg(model);
    }

    /// <summary>A fold's accuracy and loss per epoch, its stages one after another, two charts side by side.</summary>
    public string LearningCurves(FoldReport fold)
    {
        var accuracy = Model($"Fold {fold.Fold}: accuracy");
        accuracy.Axes.Add(EpochAxis(fold));
        accuracy.Axes.Add(PercentAxis("accuracy (%)"));
        var loss = Model($"Fold {fold.Fold}: loss");
        loss.Axes.Add(EpochAxis(fold));
        loss.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "cross-entropy loss" });

        var epochs = fold.Stages.SelectMany(s => s.Epochs).Select((e, i) => (Number: i + 1, Epoch: e)).ToList();
        accuracy.Series.Add(Curve("train", Train, epochs.Select(e => new DataPoint(e.Number, e.Epoch.TrainAccuracy * 100))));
        accuracy.Series.Add(Curve("validation", Validation, epochs.Select(e => new DataPoint(e.Number, e.Epoch.ValidationAccuracy * 100))));
        loss.Series.Add(Curve("train", Train, epochs.Select(e => new DataPoint(e.Number, e.Epoch.TrainLoss))));
        loss.Series.Add(Curve("validation", Validation, epochs.Select(e => new DataPoint(e.Number, e.Epoch.ValidationLoss))));

        var start = 0;
        foreach (var stage in fold.Stages)
        {
            if (stage.Depth > 0)
                foreach (var model in new[] { accuracy, loss })
                    model.Annotations.Add(new LineAnnotation
                    {
                        Type = LineAnnotationType.Vertical, X = start + 0.5, Color = OxyColors.Gray, LineStyle = LineStyle.Dash,
                        Text = $"depth {stage.Depth}", TextColor = OxyColors.DimGray,
                    });
            start += stage.Epochs.Count;
        }
        return Svg(accuracy) + Svg(loss);
    }

    private static PlotModel Model(string title) => new()
    {
        Title = title,
        TitleFontSize = 14,
        TitleFontWeight = FontWeights.Normal,
        DefaultFont = "Arial",
        DefaultFontSize = 12,
        PlotAreaBorderColor = OxyColors.LightGray,
        Background = OxyColors.White,
        Legends = { new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal } },
    };

    private static LinearAxis PercentAxis(string title) => new()
    {
        Position = AxisPosition.Left, Title = title, Minimum = 0, Maximum = 100, MajorStep = 20,
        MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = OxyColor.FromRgb(0xe5, 0xe5, 0xe5),
    };

    private static LinearAxis EpochAxis(FoldReport fold) => new()
    {
        Position = AxisPosition.Bottom, Title = "epoch, stages one after another", Minimum = 0.5,
        Maximum = fold.Stages.Sum(s => s.Epochs.Count) + 0.5, MajorStep = Math.Max(1, Math.Ceiling(fold.Stages.Sum(s => s.Epochs.Count) / 10.0)), MinorStep = 1,
    };

    private static LineSeries Curve(string title, OxyColor color, IEnumerable<DataPoint> points)
    {
        var series = new LineSeries { Title = title, Color = color, MarkerType = MarkerType.Circle, MarkerSize = 2.5, MarkerFill = color, StrokeThickness = 1.5 };
        series.Points.AddRange(points);
        return series;
    }

    private static void Reference(PlotModel model, double fraction, string title, OxyColor color, LineStyle style)
    {
        // A two-point line series rather than an annotation, so the reference appears in the legend.
        var axis = (LinearAxis)model.Axes[0];
        var line = new LineSeries { Title = $"{title} ({ReportFormat.Percent(fraction)} %)", Color = color, LineStyle = style, StrokeThickness = 1.5 };
        line.Points.Add(new DataPoint(axis.Minimum, fraction * 100));
        line.Points.Add(new DataPoint(axis.Maximum, fraction * 100));
        model.Series.Add(line);
    }

    /// <summary>The SVG element alone (no XML prolog, no namespace declarations: HTML knows inline SVG), with ids unique in the page and no blank lines.</summary>
    private string Svg(PlotModel model, int width = Width)
    {
        var prefix = $"chart{++_charts}-";
        // The workaround places vertical text by offsets rather than dominant-baseline, which Chromium applies differently to rotated text.
        var svg = SvgExporter.ExportToString(model, width, Height, isDocument: false, new PixelTextMeasurer(width, Height), useVerticalTextAlignmentWorkaround: true);
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
        svg = Namespaces().Replace(svg, "");
        svg = ClipIds().Replace(svg, m => m.Value.Replace("clipPath", prefix + "clip", StringComparison.Ordinal));
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(model.Title)}\" ", StringComparison.Ordinal)
            .ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"\s+xmlns(:\w+)?=""[^""]*""|\s+version=""1\.1""")]
    private static partial Regex Namespaces();

    [GeneratedRegex("""(id="clipPath\d+")|(url\(#clipPath\d+\))""")]
    private static partial Regex ClipIds();
}
