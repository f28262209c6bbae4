using FsCheck;
using FsCheck.Fluent;
using SoftmaxSharp.Core;

namespace SoftmaxSharp.Tests.Fuzz;

/// <summary>Issue 6: the math's invariants, on random score vectors.</summary>
public sealed class SoftmaxPropertyTests
{
    static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true);

    /// <summary>Scores z [k], 1 ≤ k ≤ 12, in [−20, 20], with now and then a huge one (±1e30).</summary>
    static readonly Arbitrary<float[]> Scores =
        Gen.Choose(1, 12).SelectMany(k => Gen.ArrayOf(
            Gen.Frequency(
                (20, Gen.Choose(-2_000_000, 2_000_000).Select(i => i / 100_000f)),
                (1, Gen.Elements(1e30f, -1e30f, 0f, -0f, float.Epsilon))), k)).ToArbitrary();

    [Fact]
    public void Probabilities_AreNonNegativeAndSumToOne() =>
        Check.One(Config, Prop.ForAll(Scores, z =>
        {
            float[] p = Softmax.Of(z);
            return p.All(v => v >= 0 && float.IsFinite(v)) && Math.Abs(p.Sum(v => (double)v) - 1) <= 1e-6;
        }));

    [Fact]
    public void AddingAConstant_ChangesNothing() =>
        Check.One(Config, Prop.ForAll(Scores.Filter(z => z.All(v => Math.Abs(v) <= 20)), Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100_000f).ToArbitrary(), (z, c) =>
        {
            float[] p = Softmax.Of(z), shifted = Softmax.Of(z.Select(v => v + c).ToArray());
            // z + c is rounded to float, which moves each exponent by up to ~|z + c|·2⁻²⁴: hence 1e-5, not exact.
            return p.Zip(shifted).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-5);
        }));

    [Fact]
    public void Loss_IsNonNegativeAndFinite() =>
        Check.One(Config, Prop.ForAll(Scores, Gen.Choose(0, 11).ToArbitrary(), (z, label) =>
        {
            float loss = CrossEntropy.FromScores(z, label % z.Length);
            return loss >= 0 && float.IsFinite(loss);
        }));
}
