using System.Runtime.Intrinsics.X86;
using SoftmaxSharp.Cli;

namespace SoftmaxSharp.Tests.Cli;

/// <summary>When the AVX2 native tool hands over to its AVX-512 twin, and what `train` says about the kernels it ran.</summary>
public class WiderBinaryTests
{
    const string Zen5 = "processor\t: 0\nflags\t\t: fpu sse2 avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_vbmi2\nbugs\t\t:\n";

    [Fact]
    public void HandsOverOnlyWhereTheKernelReportsEveryAvx512FlagOfX86_64V4()
    {
        Assert.True(WiderBinary.CpuHasAvx512(Zen5));
        Assert.False(WiderBinary.CpuHasAvx512(Zen5.Replace(" avx512vl", "")));               // one missing (an early Xeon Phi has no VL)
        Assert.False(WiderBinary.CpuHasAvx512("flags\t\t: fpu sse2 avx2 fma\n"));             // an AVX2 machine
        Assert.False(WiderBinary.CpuHasAvx512("flags\t\t: avx512fx avx512dqx avx512cdx avx512bwx avx512vlx\n"));   // whole names only
        Assert.False(WiderBinary.CpuHasAvx512(""));
        Assert.False(WiderBinary.CpuHasAvx512(null));                                        // no /proc/cpuinfo
    }

    [Fact]
    public void TrainSaysWhichKernelsRan()
    {
        var result = CliRunner.Run("train", "--epochs", "3");
        Assert.Equal(0, result.ExitCode);
        string kernels = Avx512F.IsSupported ? "AVX-512" : Avx2.IsSupported ? "AVX2 + FMA" : "scalar";
        Assert.Contains($"s with the {kernels} kernels.", result.Output);
    }
}
