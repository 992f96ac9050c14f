using RaceDetector.Runtime.Threads;

namespace RaceDetector.Runtime.Reporting;

/// <summary>One frame of a reported stack.</summary>
internal sealed record FrameReport(string Method, string? File, int Line, int ILOffset);

/// <summary>What was raced on, already rendered for the writers.</summary>
internal sealed record LocationReport(
    string Kind,
    string Type,
    string Member,
    string Display,
    long? Index,
    string ShortName,
    string ValueType,
    string? ObjectType,
    int? ObjectId);

/// <summary>One side of a race: who, what operation, where, holding which locks.</summary>
internal sealed record AccessReport(
    string Operation,
    bool Atomic,
    ThreadInfo Thread,
    IReadOnlyList<FrameReport> Stack,
    IReadOnlyList<string> Locks,
    string? TestName);

/// <summary>A distinct race, ready for the text and JSON writers.</summary>
internal sealed record RaceReport(string Id, string Kind, LocationReport Location, AccessReport Current, AccessReport Previous);
