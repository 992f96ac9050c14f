namespace RaceDetector.Tests.Fixtures;

public static class Config
{
    public static int Value;
    public static readonly int ReadOnly;
    public static string Name = "config";

    static Config()
    {
        Value = 3;
        ReadOnly = Value + 1;
        Name += ReadOnly;
    }
}

public class EarlyReturnInit
{
    public static int Mode = 1;
    public static int Rest;
    public static int Reads;

    static EarlyReturnInit()
    {
        Reads++;
        if (Mode > 0)
            return;
        Rest = 99;
    }
}

public class TryInit
{
    public static int Value;
    public static string Log = "";

    static TryInit()
    {
        try
        {
            Value = int.Parse("12");
            Log += "try";
        }
        catch (FormatException)
        {
            Log += "catch";
        }
        finally
        {
            Log += "+finally";
        }
    }
}

public class GenericInit<T>
{
    public static readonly string Description;
    public static int Touches;

    static GenericInit()
    {
        Touches++;
        Description = typeof(T).Name + Touches;
    }
}

public struct StructInit
{
    public static int Value;

    static StructInit() => Value = 42;
}

public static class FailingInit
{
    public static int Value;

    static FailingInit()
    {
        Value = 1;
        if (Value == 1)
            throw new InvalidOperationException("init failed");
    }
}

public static class StaticConstructorScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("static constructor", () => $"{Config.Value} {Config.ReadOnly} {Config.Name}");
        s.Add("static constructor early return", () => $"{EarlyReturnInit.Rest} {EarlyReturnInit.Reads}");
        s.Add("static constructor with handlers", () => $"{TryInit.Value} {TryInit.Log}");
        s.Add("generic static constructor", () => $"{GenericInit<int>.Description} {GenericInit<string>.Description} {GenericInit<int>.Touches}");
        s.Add("struct static constructor", () => StructInit.Value.ToString());
        s.Add("failing static constructor", () =>
        {
            string first, second;
            try
            {
                first = FailingInit.Value.ToString();
            }
            catch (TypeInitializationException e)
            {
                first = e.InnerException!.Message;
            }
            try
            {
                FailingInit.Value = 2;
                second = "no";
            }
            catch (TypeInitializationException e)
            {
                second = e.InnerException!.GetType().Name;
            }
            return first + " " + second;
        });
    }
}
