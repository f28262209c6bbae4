namespace SoftmaxSharp.Cli;

static class Program
{
    static int Main(string[] args)
    {
        WiderBinary.HandOver(args);     // the AVX2 native tool on an AVX-512 machine becomes softmax-avx512 here
        return Cli.Run(args, Console.Out, Console.Error);
    }
}
