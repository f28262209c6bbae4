using System.Globalization;

namespace SoftmaxSharp.Tests.Models;

/// <summary>Reads a case of Data/torch_family.txt (written by tests/reference/torch_family_reference.py).</summary>
static class TorchFamilyReference
{
    public static Dictionary<string, string> Case(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "torch_family.txt"));
        int start = Array.IndexOf(lines, "case " + name);
        Assert.True(start >= 0, $"case {name} is not in torch_family.txt: run tests/reference/torch_family_reference.py");
        var values = new Dictionary<string, string>();
        for (int i = start + 1; i < lines.Length && !lines[i].StartsWith("case ", StringComparison.Ordinal); i++)
        {
            int colon = lines[i].IndexOf(':');
            values[lines[i][..colon]] = lines[i][(colon + 1)..].Trim();
        }
        return values;
    }

    public static float[] Floats(this Dictionary<string, string> c, string key) =>
        c[key].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public static double Double(this Dictionary<string, string> c, string key) => double.Parse(c[key], CultureInfo.InvariantCulture);
}
