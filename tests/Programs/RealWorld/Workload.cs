namespace RealWorld;

/// <summary>Everything one worker does, on objects of its own.</summary>
static class Workload
{
    public static Documents Run()
    {
        var documents = new Documents();
        JsonWorkload.Run(documents);
        MarkdownWorkload.Run(documents);
        HumanizerWorkload.Run(documents);
        LoggingWorkload.Run(documents);
        ResilienceWorkload.Run(documents);
        return documents;
    }
}
