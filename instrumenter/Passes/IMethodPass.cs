namespace RaceDetector.Instrumenter.Passes;

/// <summary>One instrumentation concern, applied to one method. Passes only add edits to the method's patch.</summary>
internal interface IMethodPass
{
    /// <summary>
    /// True for the passes that check data accesses or keep what their reports print (the shadow call stack): they run
    /// only at <see cref="InstrumentationLevel.Full"/>. The others model synchronization and run at every level.
    /// </summary>
    bool ChecksAccesses => false;

    void Run(MethodContext context);
}
