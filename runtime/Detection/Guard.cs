namespace RaceDetector.Runtime.Detection;

/// <summary>Runs a piece of detector bookkeeping; an exception from it turns detection off instead of reaching the program.</summary>
internal static class Guard
{
    public static void Run<T>(T argument, Action<T> action)
    {
        try
        {
            action(argument);
        }
        catch (Exception ex)
        {
            DetectorRuntime.Fault(ex);
        }
    }
}
