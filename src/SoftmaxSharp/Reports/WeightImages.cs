using SoftmaxSharp.Models;

namespace SoftmaxSharp.Reports;

/// <summary>
/// For image data (d = side² pixels): each class's weights w_c [d] drawn as a side × side picture with a
/// diverging scale — red where a bright pixel raises the class's score, blue where it lowers it — on one
/// shared scale, so the classes can be compared: ±the 99.5th percentile of |w| over all classes, beyond which
/// colours saturate (a few extreme pixels, e.g. at the rarely lit border, would otherwise wash out the rest).
/// </summary>
public static class WeightImages
{
    /// <summary>The image side when the model's features are a square image of at least 8 × 8 pixels; otherwise null.</summary>
    public static int? Side(SoftmaxRegression model)
    {
        int side = (int)Math.Round(Math.Sqrt(model.Features));
        return side >= 8 && side * side == model.Features ? side : null;
    }

    /// <summary>One side × side image per class, in class order.</summary>
    public static RgbImage[] PerClass(SoftmaxRegression model)
    {
        int side = Side(model) ?? throw new ArgumentException($"the model's {model.Features} features are not a square image");
        float[] w = model.Weights;                                // W [k, d], class-major
        double scale = Scale(w);
        var images = new RgbImage[model.Classes];
        for (int c = 0; c < model.Classes; c++)
        {
            var image = new RgbImage(side, side);
            for (int p = 0; p < side * side; p++) image.Set(p % side, p / side, Colors.Diverging(w[c * model.Features + p] / scale));
            images[c] = image;
        }
        return images;
    }

    /// <summary>The 99.5th percentile of |w| (nearest rank); the largest |w| if that is 0; 1 if all are 0.</summary>
    internal static double Scale(ReadOnlySpan<float> weights)
    {
        var magnitudes = new float[weights.Length];
        for (int i = 0; i < weights.Length; i++) magnitudes[i] = Math.Abs(weights[i]);
        Array.Sort(magnitudes);
        double scale = magnitudes[Math.Max(0, (int)Math.Ceiling(0.995 * magnitudes.Length) - 1)];
        return scale > 0 ? scale : magnitudes[^1] > 0 ? magnitudes[^1] : 1;
    }

    /// <summary>All classes' images in a grid of <paramref name="columns"/>, each enlarged <paramref name="zoom"/>× (nearest pixel), 4 white pixels apart.</summary>
    public static RgbImage Grid(IReadOnlyList<RgbImage> images, int columns = 5, int zoom = 4)
    {
        const int gap = 4;
        int side = images[0].Width, tile = side * zoom, rows = (images.Count + columns - 1) / columns;
        columns = Math.Min(columns, images.Count);
        var grid = new RgbImage(columns * (tile + gap) + gap, rows * (tile + gap) + gap);
        grid.Fill(0, 0, grid.Width, grid.Height, Colors.White);
        for (int i = 0; i < images.Count; i++)
        {
            int left = gap + i % columns * (tile + gap), top = gap + i / columns * (tile + gap);
            for (int y = 0; y < tile; y++)
                for (int x = 0; x < tile; x++) grid.Set(left + x, top + y, images[i].Get(x / zoom, y / zoom));
        }
        return grid;
    }
}
