using System.Runtime.CompilerServices;

namespace RaceDetector.Tests.Fixtures;

public class LockHost
{
    readonly object _gate = new();
    readonly Lock _lock = new();
    public int Count;
    public string Log = "";
    public static int SCount;
    static readonly object s_gate = new();
    static readonly Lock s_lock = new();

    public int LockStatement()
    {
        lock (_gate)
        {
            Count++;
            lock (_gate)
                Count += 2;
        }
        lock (s_gate)
            SCount++;
        lock (this)
            Count *= 2;
        return Count;
    }

    public string MonitorCalls()
    {
        Monitor.Enter(_gate);
        Count++;
        bool inside = Monitor.IsEntered(_gate);
        Monitor.Exit(_gate);
        bool taken = false;
        try
        {
            Monitor.Enter(_gate, ref taken);
            Count++;
        }
        finally
        {
            if (taken)
                Monitor.Exit(_gate);
        }
        bool t1 = Monitor.TryEnter(_gate);
        if (t1)
            Monitor.Exit(_gate);
        bool t2 = Monitor.TryEnter(_gate, 10);
        if (t2)
            Monitor.Exit(_gate);
        bool t3 = Monitor.TryEnter(_gate, TimeSpan.FromMilliseconds(10));
        if (t3)
            Monitor.Exit(_gate);
        bool t4 = false;
        Monitor.TryEnter(_gate, ref t4);
        if (t4)
            Monitor.Exit(_gate);
        bool t5 = false;
        Monitor.TryEnter(_gate, 5, ref t5);
        if (t5)
            Monitor.Exit(_gate);
        return $"{Count} {inside} {t1} {t2} {t3} {t4} {t5} {Monitor.IsEntered(_gate)}";
    }

    public string WaitAndPulse()
    {
        lock (_gate)
        {
            Count++;
            bool signaled = Monitor.Wait(_gate, 0);
            Monitor.Pulse(_gate);
            bool signaled2 = Monitor.Wait(_gate, TimeSpan.Zero);
            Monitor.PulseAll(_gate);
            bool signaled3 = Monitor.Wait(_gate, 1, false);
            Count++;
            return $"{signaled} {signaled2} {signaled3} {Count}";
        }
    }

    public string ThreadingLock()
    {
        lock (_lock)
        {
            Count++;
            lock (_lock)
                Count++;
        }
        using (_lock.EnterScope())
            Count += 10;
        using (var scope = s_lock.EnterScope())
            SCount++;
        _lock.Enter();
        bool held = _lock.IsHeldByCurrentThread;
        Count++;
        _lock.Exit();
        bool t1 = _lock.TryEnter();
        if (t1)
            _lock.Exit();
        bool t2 = _lock.TryEnter(5);
        if (t2)
            _lock.Exit();
        bool t3 = _lock.TryEnter(TimeSpan.FromMilliseconds(5));
        if (t3)
            _lock.Exit();
        return $"{Count} {held} {t1} {t2} {t3} {_lock.IsHeldByCurrentThread}";
    }

    public string LockAcrossException()
    {
        try
        {
            lock (_gate)
            {
                Count++;
                throw new InvalidOperationException("in lock");
            }
        }
        catch (InvalidOperationException)
        {
            Log += "caught";
        }
        try
        {
            lock (_lock)
            {
                Count++;
                throw new InvalidOperationException("in Lock");
            }
        }
        catch (InvalidOperationException)
        {
            Log += "+caught";
        }
        return $"{Log} {Monitor.IsEntered(_gate)} {_lock.IsHeldByCurrentThread} {Count}";
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int SyncInstance(int n)
    {
        if (n < 0)
            return -1;
        Count += n;
        if (n > 100)
            return Count * 2;
        return Count;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public static int SyncStatic(int n)
    {
        SCount += n;
        return SCount;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int SyncLoopAtEntry()
    {
        do
        {
            Count++;
        }
        while (Count < 5);
        return Count;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void SyncThrows()
    {
        Count++;
        throw new InvalidOperationException("sync");
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public int SyncRecursive(int n) => n == 0 ? Count : SyncRecursive(n - 1) + 1;

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void SyncTryFinally()
    {
        try
        {
            Count++;
        }
        finally
        {
            Log += "f";
        }
    }
}

public class SyncGeneric<T>
{
    public static T? Last;
    public static int Calls;

    [MethodImpl(MethodImplOptions.Synchronized)]
    public static void Record(T value)
    {
        Last = value;
        Calls++;
    }

    [MethodImpl(MethodImplOptions.Synchronized)]
    public T? Echo(T? value) => value;
}

public static class LockScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("lock statement", () => new LockHost().LockStatement().ToString());
        s.Add("monitor calls", () => new LockHost().MonitorCalls());
        s.Add("monitor wait pulse", () => new LockHost().WaitAndPulse());
        s.Add("system threading lock", () => new LockHost().ThreadingLock());
        s.Add("lock across exception", () => new LockHost().LockAcrossException());
        s.Add("synchronized methods", () =>
        {
            var h = new LockHost();
            int before = LockHost.SCount;
            int a = h.SyncInstance(3);
            int b = h.SyncInstance(-1);
            int c = h.SyncInstance(200);
            int d = LockHost.SyncStatic(4) - before;
            var h2 = new LockHost();
            int e = h2.SyncLoopAtEntry();
            int f = h2.SyncRecursive(3);
            h2.SyncTryFinally();
            string thrown;
            try
            {
                h2.SyncThrows();
                thrown = "no";
            }
            catch (InvalidOperationException ex)
            {
                thrown = ex.Message;
            }
            int g = h2.SyncInstance(1);
            bool free = Monitor.TryEnter(h2);
            if (free)
                Monitor.Exit(h2);
            return $"{a} {b} {c} {d} {e} {f} {thrown} {g} {free} {h2.Log}";
        });
        s.Add("synchronized generic", () =>
        {
            SyncGeneric<int>.Record(4);
            SyncGeneric<string>.Record("s");
            SyncGeneric<string>.Record("t");
            return $"{SyncGeneric<int>.Last} {SyncGeneric<string>.Last} {SyncGeneric<string>.Calls} {new SyncGeneric<int>().Echo(8)}";
        });
        s.Add("thread start join", () =>
        {
            var h = new LockHost();
            h.Count = 1;
            var t = new Thread(() => h.Count += 10) { Name = "fixture-worker" };
            t.Start();
            t.Join();
            var t2 = new Thread(state => h.Count *= (int)state!);
            t2.Start(3);
            bool joined = t2.Join(TimeSpan.FromMinutes(5));
            h.Count++;
            return $"{h.Count} {joined}";
        });
    }
}
