namespace SoftmaxSharp.Tests;

static class FloatBits
{
    /// <summary>The bit patterns of <paramref name="values"/>, for "bit-identical" assertions (−0 ≠ 0, NaN payloads count).</summary>
    public static int[] Of(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
