namespace InputKinds;

/// <summary>The racy class, in a library of its own: strong-named and ReadyToRun builds sign or precompile it too.</summary>
public class Counter
{
    public int Count;

    public void Increment() => Count++; // RACE: Count
}
