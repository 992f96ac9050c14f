namespace RaceDetector.Runtime.Threads;

/// <summary>
/// Who made an access and which locks it held, stored with each recorded access so a later report can
/// describe the previous access. Contexts form a per-thread tree (root: no locks; each child adds one
/// held lock), and children are cached, so taking and releasing locks allocates nothing after warm-up.
/// Only the owning thread extends its tree.
/// </summary>
internal sealed class AccessContext
{
    readonly AccessContext? _parent;
    readonly int _lockSite;
    AccessContext? _lastChild;
    Dictionary<int, AccessContext>? _children;

    /// <summary>The root context of a thread running <paramref name="testName"/> (or no test): no locks held.</summary>
    public AccessContext(ThreadInfo thread, string? testName)
    {
        Thread = thread;
        TestName = testName;
        _lockSite = -1;
    }

    AccessContext(AccessContext parent, int lockSite)
    {
        Thread = parent.Thread;
        TestName = parent.TestName;
        _parent = parent;
        _lockSite = lockSite;
    }

    public ThreadInfo Thread { get; }

    /// <summary>The test (<c>Namespace.Class.Method</c>) the thread was running, when the code runs under a test framework.</summary>
    public string? TestName { get; }

    /// <summary>This context plus one more held lock, acquired at <paramref name="lockSite"/>.</summary>
    public AccessContext WithLock(int lockSite)
    {
        if (_lastChild?._lockSite == lockSite)
            return _lastChild;
        AccessContext? child = null;
        if (_lastChild is not null)
        {
            // A second distinct child: from now on remember them all.
            _children ??= new Dictionary<int, AccessContext> { [_lastChild._lockSite] = _lastChild };
            _children.TryGetValue(lockSite, out child);
        }
        if (child is null)
        {
            child = new AccessContext(this, lockSite);
            if (_children is not null)
                _children[lockSite] = child;
        }
        _lastChild = child;
        return child;
    }

    /// <summary>Sites of the lock acquisitions still held, outermost first.</summary>
    public int[] HeldLockSites
    {
        get
        {
            var sites = new List<int>();
            for (var context = this; context._parent is not null; context = context._parent)
                sites.Add(context._lockSite);
            sites.Reverse();
            return sites.ToArray();
        }
    }
}
