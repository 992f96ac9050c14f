using RaceDetector.Runtime.Detection;
using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Reporting;

/// <summary>Which kind of memory location raced.</summary>
internal enum LocationKind
{
    InstanceField,
    StaticField,
    ArrayElement,
}

/// <summary>The raced location as the slow path saw it: the object (if any) and the element index.</summary>
internal readonly record struct RaceLocation(LocationKind Kind, object? Target, nint Index)
{
    public static RaceLocation Field(object target) => new(LocationKind.InstanceField, target, 0);

    public static RaceLocation Static() => new(LocationKind.StaticField, null, 0);

    public static RaceLocation Element(Array array, nint index) => new(LocationKind.ArrayElement, array, index);
}

/// <summary>The access that just found a race, on the thread that made it.</summary>
internal readonly record struct CurrentAccess(AccessKind Kind, int Site, TrackedThread Thread);
