using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SoftmaxSharp.Core;

/// <summary>The activation g of a hidden layer, h = g(z) (lecture 003). The output layer is always softmax (<see cref="Softmax"/>).</summary>
public enum Activation
{
    /// <summary>g(z) = z</summary>
    Linear,
    /// <summary>g(z) = 1 / (1 + e^(−z))</summary>
    Sigmoid,
    /// <summary>g(z) = (e^z − e^(−z)) / (e^z + e^(−z))</summary>
    Tanh,
    /// <summary>g(z) = max(z, 0)</summary>
    Relu,
    /// <summary>g(z) = max(z, 0.1·z)</summary>
    LeakyRelu,
}

/// <summary>
/// The hidden-layer activations of lecture 003 and their derivatives, element-wise over spans:
/// <code>
///   linear       g(z) = z                 g'(z) = 1
///   sigmoid      g(z) = 1/(1 + e^(−z))    g'(z) = g(z)(1 − g(z))
///   tanh         g(z) = tanh z            g'(z) = 1 − g(z)²
///   ReLU         g(z) = max(z, 0)         g'(z) = 1 if z &gt; 0 else 0
///   leaky ReLU   g(z) = max(z, 0.1z)      g'(z) = 1 if z &gt; 0 else 0.1
/// </code>
/// Every derivative is written in terms of h = g(z) (for the ReLUs, h &gt; 0 exactly when z &gt; 0), so backpropagation
/// needs only the stored activations. At z = 0 the ReLUs' derivative is taken as the left one (0, 0.1), as PyTorch does.
/// </summary>
public static class Activations
{
    /// <summary>The slope of leaky ReLU for z &lt; 0 (lecture 003: max(z, 0.1z)).</summary>
    public const float LeakySlope = 0.1f;

    /// <summary>g(z) for one value.</summary>
    public static float Of(Activation g, float z) => g switch
    {
        Activation.Linear => z,
        Activation.Sigmoid => Sigmoid.Of(z),
        Activation.Tanh => MathF.Tanh(z),
        Activation.Relu => z > 0 ? z : 0f,
        Activation.LeakyRelu => z > 0 ? z : LeakySlope * z,
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    /// <summary>g'(z) for one value.</summary>
    public static float Derivative(Activation g, float z) => DerivativeFromOutput(g, Of(g, z));

    /// <summary>g'(z) written with h = g(z).</summary>
    public static float DerivativeFromOutput(Activation g, float h) => g switch
    {
        Activation.Linear => 1f,
        Activation.Sigmoid => h * (1f - h),
        Activation.Tanh => 1f - h * h,
        Activation.Relu => h > 0 ? 1f : 0f,
        Activation.LeakyRelu => h > 0 ? 1f : LeakySlope,
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    /// <summary>g(z) in double precision (for the reference objective of gradient checks).</summary>
    public static double Of(Activation g, double z) => g switch
    {
        Activation.Linear => z,
        Activation.Sigmoid => Sigmoid.Of(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.Relu => z > 0 ? z : 0,
        Activation.LeakyRelu => z > 0 ? z : LeakySlope * z,
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    /// <summary>g'(z) written with h = g(z), in double precision.</summary>
    public static double DerivativeFromOutput(Activation g, double h) => g switch
    {
        Activation.Linear => 1,
        Activation.Sigmoid => h * (1 - h),
        Activation.Tanh => 1 - h * h,
        Activation.Relu => h > 0 ? 1 : 0,
        Activation.LeakyRelu => h > 0 ? 1 : LeakySlope,
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    /// <summary>h = g(z) element-wise; <paramref name="h"/> may be <paramref name="z"/> (in place).</summary>
    public static void Forward(Activation g, ReadOnlySpan<float> z, Span<float> h)
    {
        if (h.Length < z.Length) throw new ArgumentException("destination is shorter than z", nameof(h));
        if (z.IsEmpty) return;
        switch (g)
        {
            case Activation.Linear: z.CopyTo(h); break;
            case Activation.Sigmoid: System.Numerics.Tensors.TensorPrimitives.Sigmoid(z, h); break;
            case Activation.Tanh: System.Numerics.Tensors.TensorPrimitives.Tanh(z, h); break;
            case Activation.Relu: System.Numerics.Tensors.TensorPrimitives.Max(z, 0f, h); break;
            case Activation.LeakyRelu: LeakyRelu(z, h); break;
            default: throw new ArgumentOutOfRangeException(nameof(g));
        }
    }

    /// <summary>δ ← δ ⊙ g'(z), with g'(z) computed from the layer's output h = g(z): the chain rule's step through the activation.</summary>
    public static void Backward(Activation g, ReadOnlySpan<float> h, Span<float> delta)
    {
        if (h.Length < delta.Length) throw new ArgumentException("h is shorter than δ", nameof(h));
        int n = delta.Length, i = 0;
        if (g == Activation.Linear) return;                       // g' = 1
        ref float hs = ref MemoryMarshal.GetReference(h);
        ref float ds = ref MemoryMarshal.GetReference(delta);
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            var slope = Vector256.Create(LeakySlope);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var hv = Vector256.LoadUnsafe(ref hs, (nuint)i);
                var dv = Vector256.LoadUnsafe(ref ds, (nuint)i);
                dv = g switch
                {
                    Activation.Sigmoid => dv * (hv * (one - hv)),                 // g' = h(1 − h)
                    Activation.Tanh => dv * (one - hv * hv),                      // g' = 1 − h²
                    Activation.Relu => Vector256.ConditionalSelect(Vector256.GreaterThan(hv, Vector256<float>.Zero), dv, Vector256<float>.Zero),
                    _ => Vector256.ConditionalSelect(Vector256.GreaterThan(hv, Vector256<float>.Zero), dv, dv * slope),
                };
                dv.StoreUnsafe(ref ds, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref ds, i) *= DerivativeFromOutput(g, Unsafe.Add(ref hs, i));
    }

    /// <summary>h = max(z, 0.1z): z for z &gt; 0, 0.1z otherwise.</summary>
    static void LeakyRelu(ReadOnlySpan<float> z, Span<float> h)
    {
        int n = z.Length, i = 0;
        ref float zs = ref MemoryMarshal.GetReference(z);
        ref float hs = ref MemoryMarshal.GetReference(h);
        if (Vector256.IsHardwareAccelerated)
        {
            var slope = Vector256.Create(LeakySlope);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var zv = Vector256.LoadUnsafe(ref zs, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(zv, Vector256<float>.Zero), zv, zv * slope).StoreUnsafe(ref hs, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref zs, i);
            Unsafe.Add(ref hs, i) = v > 0 ? v : LeakySlope * v;
        }
    }

    /// <summary>The option spelling: linear, sigmoid, tanh, relu, leaky-relu.</summary>
    public static string Name(Activation g) => g switch
    {
        Activation.LeakyRelu => "leaky-relu",
        _ => g.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses <see cref="Name"/>'s spelling.</summary>
    public static Activation Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "linear" => Activation.Linear,
        "sigmoid" => Activation.Sigmoid,
        "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        "leaky-relu" or "leakyrelu" or "leaky_relu" => Activation.LeakyRelu,
        _ => throw new UserInputException($"unknown activation '{name}'", "Use one of linear, sigmoid, tanh, relu, leaky-relu"),
    };
}
