// A stock counter shared by warehouse workers. Receive and Ship take a lock; ReceiveUnsynchronized is
// the bug the test samples catch: two threads adding at once lose updates, and RaceDetector reports
// the unordered writes even on runs where no update happens to be lost.
namespace Inventory;

public sealed class StockCounter
{
    readonly object _gate = new();
    int _onHand;
    long _shipped;

    public int OnHand
    {
        get
        {
            lock (_gate)
                return _onHand;
        }
    }

    public long Shipped => Interlocked.Read(ref _shipped);

    public void Receive(int quantity)
    {
        lock (_gate)
            _onHand += quantity;
    }

    public bool Ship(int quantity)
    {
        lock (_gate)
        {
            if (_onHand < quantity)
                return false;
            _onHand -= quantity;
        }
        Interlocked.Add(ref _shipped, quantity);
        return true;
    }

    public void ReceiveUnsynchronized(int quantity)
    {
        _onHand += quantity; // RACE: StockCounter._onHand
    }
}
