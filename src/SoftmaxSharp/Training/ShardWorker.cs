using System.Diagnostics;

namespace SoftmaxSharp.Training;

/// <summary>
/// The second thread of a two-shard batch gradient (<see cref="ShardedGradient"/>, <see cref="ShardedNetworkGradient"/>):
/// <see cref="RunBoth"/> hands the second shard to the worker, runs the first on the calling thread and returns when
/// both are done. The worker spins between batches (a hand-over costs well under a microsecond) and sleeps when idle for 2 ms.
/// </summary>
internal sealed class ShardWorker : IDisposable
{
    /// <summary>Pause instructions per check while waiting: a plain spin (a yield is a syscall, ~1 µs, as long as a small batch's shard).</summary>
    const int Pause = 4;
    /// <summary>How long the idle worker spins before it sleeps on the event (batches come every few microseconds; validation takes milliseconds).</summary>
    const double IdleSpinMilliseconds = 2;

    readonly Action _second;
    readonly Thread _thread;
    readonly ManualResetEventSlim _wake = new(false);
    int _generation, _completed;
    volatile bool _stopping;
    Exception? _error;

    ShardWorker(Action second, string name)
    {
        _second = second;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>A worker for <paramref name="second"/> when there are two or more cores (or when <paramref name="useWorker"/> says so); else null.</summary>
    public static ShardWorker? Start(Action second, string name, bool? useWorker) =>
        useWorker ?? Environment.ProcessorCount > 1 ? new ShardWorker(second, name) : null;

    /// <summary>Runs <paramref name="first"/> here and the worker's action there, in parallel; rethrows the worker's failure.</summary>
    public void RunBoth(Action first)
    {
        int generation = _generation + 1;
        Volatile.Write(ref _generation, generation);              // hands the second shard to the worker
        _wake.Set();
        first();
        while (Volatile.Read(ref _completed) != generation) Thread.SpinWait(Pause);   // the other shard is microseconds away: no yield, no syscall
        if (_error is { } error) throw new AggregateException("a gradient shard failed", error);
    }

    void Loop()
    {
        int seen = 0;
        while (true)
        {
            long idleSince = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _generation) == seen && !_stopping)
            {
                if (Stopwatch.GetElapsedTime(idleSince).TotalMilliseconds < IdleSpinMilliseconds) Thread.SpinWait(Pause);
                else
                {
                    _wake.Wait(1);                                // long idle (validation, between runs): stop spinning
                    _wake.Reset();
                }
            }
            if (_stopping) return;
            seen = Volatile.Read(ref _generation);
            try { _second(); }
            catch (Exception e) { _error = e; }
            Volatile.Write(ref _completed, seen);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }
}
