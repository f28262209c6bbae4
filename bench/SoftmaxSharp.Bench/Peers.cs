namespace SoftmaxSharp.Bench;

/// <summary>Placeholder until the peers runner lands.</summary>
static class Peers
{
    public static void RunAndCompare(BenchOptions options, Report report, TextWriter progress) { }
}
