namespace RaceDetector.Instrumenter.Passes;

/// <summary>One instrumentation concern, applied to one method. Passes only add edits to the method's patch.</summary>
internal interface IMethodPass
{
    void Run(MethodContext context);
}
