using System.Collections;

namespace SoftmaxSharp.Models;

/// <summary>
/// ŷ [k] of one sample with the class names: <c>p["setosa"]</c>, <c>p[0]</c>, <c>p.Predicted</c>;
/// enumerates (class name, probability) pairs in class order.
/// </summary>
public sealed class ClassProbabilities : IReadOnlyDictionary<string, float>
{
    readonly string[] _classNames;
    readonly ReadOnlyMemory<float> _values;

    public ClassProbabilities(string[] classNames, ReadOnlyMemory<float> probabilities)
    {
        if (classNames.Length != probabilities.Length) throw new ArgumentException($"{probabilities.Length} probabilities for {classNames.Length} classes");
        _classNames = classNames;
        _values = probabilities;
    }

    /// <summary>ŷ_c for class index c.</summary>
    public float this[int c] => _values.Span[c];

    /// <summary>ŷ_c for the class named <paramref name="className"/>; an unknown name is a <see cref="KeyNotFoundException"/> listing the classes.</summary>
    public float this[string className] => TryGetValue(className, out float p) ? p
        : throw new KeyNotFoundException($"no class '{className}'; the classes are {string.Join(", ", _classNames)}");

    /// <summary>The class names, in class order.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;
    /// <summary>ŷ [k]</summary>
    public ReadOnlySpan<float> Values => _values.Span;
    /// <summary>The name of the most probable class (the first on a tie).</summary>
    public string Predicted
    {
        get
        {
            ReadOnlySpan<float> p = _values.Span;
            int best = 0;
            for (int c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
            return _classNames[best];
        }
    }

    public int Count => _classNames.Length;
    public IEnumerable<string> Keys => _classNames;
    IEnumerable<float> IReadOnlyDictionary<string, float>.Values => _values.ToArray();
    public bool ContainsKey(string key) => Array.IndexOf(_classNames, key) >= 0;

    public bool TryGetValue(string key, out float value)
    {
        int c = Array.IndexOf(_classNames, key);
        value = c >= 0 ? _values.Span[c] : 0f;
        return c >= 0;
    }

    public IEnumerator<KeyValuePair<string, float>> GetEnumerator()
    {
        for (int c = 0; c < _classNames.Length; c++) yield return new(_classNames[c], _values.Span[c]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", this.Select(p => $"{p.Key}: {p.Value:F4}"));
}
