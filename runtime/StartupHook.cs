/// <summary>
/// Entry point for <c>DOTNET_STARTUP_HOOKS</c>: loading the runtime this way makes it available before
/// any instrumented code runs, also in apps whose deps.json does not list it. Must stay in the global namespace.
/// </summary>
internal static class StartupHook
{
    /// <summary>Called by the .NET host before <c>Main</c>; the detector starts with the first instrumented module.</summary>
    public static void Initialize()
    {
    }
}
