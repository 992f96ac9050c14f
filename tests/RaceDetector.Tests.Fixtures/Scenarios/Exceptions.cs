namespace RaceDetector.Tests.Fixtures;

public sealed class ScenarioException(string message, int code) : Exception(message)
{
    public int Code = code;
}

public class ExceptionHost
{
    public int Count;
    public int Filtered;
    public Exception? LastError;
    public string Log = "";
    public static int SCount;
    public static int SFinally;
    public static Exception? SLast;
    public static bool SFilterFlag = true;

    public void Note(string text) => Log += text;

    public int TryCatchFinally(int mode)
    {
        try
        {
            SCount++;
            Count++;
            if (mode == 1)
                throw new ScenarioException("one", 1);
            if (mode == 2)
                throw new InvalidOperationException("two");
            Note("t");
        }
        catch (ScenarioException e) when (e.Code == Count && Filtered++ >= 0)
        {
            Note("f");
            Count += 10;
        }
        catch (ScenarioException)
        {
            Note("c");
        }
        catch (Exception e)
        {
            LastError = e;
            Note("e");
        }
        finally
        {
            SFinally++;
            Note("!");
        }
        return Count;
    }

    public string Rethrow()
    {
        try
        {
            try
            {
                Count++;
                throw new ScenarioException("inner", 7);
            }
            catch (ScenarioException e)
            {
                Count += e.Code;
                throw;
            }
            finally
            {
                Note("F");
            }
        }
        catch (ScenarioException e) when (e.Message == "inner")
        {
            Note("R");
            return $"{e.Code} {Count}";
        }
    }

    public string Wrap()
    {
        try
        {
            try
            {
                throw new InvalidOperationException("x");
            }
            catch (Exception e)
            {
                throw new ScenarioException("wrapped " + e.Message, Count);
            }
        }
        catch (ScenarioException e)
        {
            return e.Message + " " + (e.InnerException is null);
        }
    }

    public string Nested()
    {
        int depth = 0;
        try
        {
            depth++;
            try
            {
                try
                {
                    SCount += 2;
                    throw new ScenarioException("deep", 3);
                }
                finally
                {
                    SFinally += 10;
                    try
                    {
                        Count--;
                        throw new InvalidOperationException("in finally");
                    }
                    catch (InvalidOperationException)
                    {
                        Count += 5;
                    }
                }
            }
            catch (ScenarioException e) when (SFilterFlag)
            {
                try
                {
                    depth += e.Code;
                }
                finally
                {
                    Count *= 2;
                }
            }
        }
        finally
        {
            depth *= 10;
        }
        return $"{depth} {Count}";
    }

    /// <summary>Field accesses as the first instruction of try, catch and finally blocks.</summary>
    public string FirstInstructions()
    {
        try
        {
            SCount++;
            throw new ScenarioException("first", 0);
        }
        catch (ScenarioException e)
        {
            SLast = e;
        }
        finally
        {
            SFinally++;
        }
        try
        {
            SFinally += 2;
        }
        finally
        {
            SCount += SFinally;
        }
        try
        {
            throw new InvalidOperationException("instance");
        }
        catch (InvalidOperationException e)
        {
            LastError = e;
        }
        return $"{SLast!.Message} {LastError!.Message}";
    }

    public int FilterWithSideEffects()
    {
        int caught = 0;
        for (int i = 0; i < 4; i++)
        {
            try
            {
                if (i % 2 == 0)
                    throw new ScenarioException("even", i);
                Count += 100;
            }
            catch (ScenarioException e) when (Check(e))
            {
                caught++;
            }
            catch (ScenarioException)
            {
                caught += 10;
            }
        }
        return caught * 1000 + Filtered;
    }

    bool Check(ScenarioException e)
    {
        Filtered++;
        return e.Code == 0 && SFilterFlag;
    }

    public string UsingAndLoopControl()
    {
        var disposed = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            using var d = new Disposer(disposed, i);
            try
            {
                if (i == 1)
                    continue;
                if (i == 3)
                    break;
                Count += i;
            }
            finally
            {
                SFinally++;
            }
        }
        return string.Join(",", disposed) + " " + Count;
    }

    sealed class Disposer(List<int> log, int id) : IDisposable
    {
        public void Dispose() => log.Add(id);
    }
}

public static class ExceptionScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("try catch finally filter", () =>
        {
            var h = new ExceptionHost();
            int a = h.TryCatchFinally(0);
            int b = h.TryCatchFinally(1);
            int c = h.TryCatchFinally(2);
            int d = h.TryCatchFinally(1);
            return $"{a} {b} {c} {d} {h.Log} {h.Filtered} {h.LastError?.Message}";
        });
        s.Add("rethrow", () =>
        {
            var h = new ExceptionHost();
            return h.Rethrow() + " " + h.Log;
        });
        s.Add("throw wrapped", () => new ExceptionHost { Count = 4 }.Wrap());
        s.Add("nested handlers", () =>
        {
            var h = new ExceptionHost { Count = 1 };
            return h.Nested();
        });
        s.Add("field access first in handler", () =>
        {
            int before = ExceptionHost.SCount;
            var h = new ExceptionHost();
            return h.FirstInstructions() + " " + (ExceptionHost.SCount - before > 0);
        });
        s.Add("filter with side effects", () => new ExceptionHost().FilterWithSideEffects().ToString());
        s.Add("using and loop control in try", () => new ExceptionHost().UsingAndLoopControl());
        s.Add("exception from missing element", () =>
        {
            var h = new ExceptionHost();
            try
            {
                int[] a = new int[1];
                h.Count = a[h.Count + 3];
                return "no throw";
            }
            catch (IndexOutOfRangeException)
            {
                return "index " + h.Count;
            }
        });
        s.Add("null reference in field access", () =>
        {
            ExceptionHost? h = null;
            try
            {
                h!.Count++;
                return "no throw";
            }
            catch (NullReferenceException)
            {
                return "null";
            }
        });
    }
}
