namespace RaceDetector.Instrumenter;

/// <summary>
/// A problem with the user's input (not an assembly, a missing dependency, an unwritable output...).
/// The message is one line that names the file and the reason; the CLI prints it as is.
/// </summary>
public sealed class InstrumentationException : Exception
{
    /// <summary>Creates the error with its one-line, user-facing message.</summary>
    public InstrumentationException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
