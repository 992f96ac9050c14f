using System.Runtime.CompilerServices;

namespace RaceDetector.Tests.Fixtures;

/// <summary>
/// Runs continuations on the calling thread, in order: Task.Yield posts to the current context, so
/// async code runs single-threaded and deterministically.
/// </summary>
public sealed class PumpContext : SynchronizationContext
{
    readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public static T Run<T>(Func<Task<T>> body)
    {
        var previous = Current;
        var context = new PumpContext();
        SetSynchronizationContext(context);
        try
        {
            var task = body();
            while (!task.IsCompleted)
            {
                if (context._queue.Count == 0)
                    throw new InvalidOperationException("async scenario blocked with nothing to run");
                var (callback, state) = context._queue.Dequeue();
                callback(state);
            }
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}

public class AsyncHost
{
    public int Total;
    public string Log = "";
    public static int STotal;

    public async Task<int> Completed()
    {
        Total += 1;
        await Task.CompletedTask;
        Total += 2;
        await Task.FromResult(0);
        STotal++;
        return Total;
    }

    public async Task<int> Yielding()
    {
        Total += 1;
        await Task.Yield();
        Total += 2;
        for (int i = 0; i < 3; i++)
        {
            await Task.Yield();
            Total += i;
        }
        return Total;
    }

    public async Task<string> WithHandlers()
    {
        try
        {
            Log += "a";
            await Task.Yield();
            throw new InvalidOperationException("async");
        }
        catch (InvalidOperationException e) when (Log.Length > 0)
        {
            Log += "c";
            await Task.Yield();
            Log += e.Message.Length;
        }
        finally
        {
            Log += "f";
        }
        return Log;
    }

    public async ValueTask<int> ValueTaskMethod(int n)
    {
        if (n == 0)
            return Total;
        await Task.Yield();
        Total += n;
        return await ValueTaskMethod(n - 1);
    }

    public async Task Void()
    {
        await Task.Yield();
        Total *= 2;
    }

    public async IAsyncEnumerable<int> Stream(int count)
    {
        try
        {
            for (int i = 0; i < count; i++)
            {
                await Task.Yield();
                Total += i;
                yield return Total;
            }
        }
        finally
        {
            Log += "disposed";
        }
    }

    public async Task<int> Consume()
    {
        int sum = 0;
        await foreach (var value in Stream(4))
            sum += value;
        await foreach (var value in Stream(10))
        {
            if (value > 20)
                break;
        }
        return sum;
    }

    public async Task<int> AsyncLambda()
    {
        Func<int, Task<int>> twice = async x =>
        {
            await Task.Yield();
            Total += x;
            return x * 2;
        };
        return await twice(3) + await twice(4);
    }
}

public static class AsyncScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("async completed", () =>
        {
            var h = new AsyncHost();
            int r = h.Completed().GetAwaiter().GetResult();
            return $"{r} {h.Total}";
        });
        s.Add("async yield", () =>
        {
            var h = new AsyncHost();
            return PumpContext.Run(h.Yielding).ToString();
        });
        s.Add("async handlers", () => PumpContext.Run(new AsyncHost().WithHandlers));
        s.Add("async valuetask", () =>
        {
            var h = new AsyncHost();
            return PumpContext.Run(() => h.ValueTaskMethod(3).AsTask()).ToString();
        });
        s.Add("async task no result", () =>
        {
            var h = new AsyncHost { Total = 5 };
            PumpContext.Run(async () =>
            {
                await h.Void();
                return 0;
            });
            return h.Total.ToString();
        });
        s.Add("async iterator", () =>
        {
            var h = new AsyncHost();
            int sum = PumpContext.Run(h.Consume);
            return $"{sum} {h.Total} {h.Log}";
        });
        s.Add("async lambda", () =>
        {
            var h = new AsyncHost();
            return $"{PumpContext.Run(h.AsyncLambda)} {h.Total}";
        });
    }
}
