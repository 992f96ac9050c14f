namespace CrossAssemblyLib;

/// <summary>A class in a library whose public field the app updates from two threads.</summary>
public class Account
{
    public long Balance;

    protected int Operations;

    public static int Instances;
}
