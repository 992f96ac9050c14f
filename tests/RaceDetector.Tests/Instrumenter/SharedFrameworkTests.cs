using System.Text.Json.Nodes;
using RaceDetector.Instrumenter;
using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// An assembly is the shared framework's only in an app that runs on that framework: a console app's NuGet copy of
/// Microsoft.Extensions.Caching.Memory is its own (and can be included), while in an ASP.NET Core app it is the framework's.
/// </summary>
public class SharedFrameworkTests
{
    const string Library = "Microsoft.Extensions.Caching.Memory";

    [Theory]
    [InlineData(false, AssemblyAction.Instrumented)]
    [InlineData(true, AssemblyAction.Copied)]
    public void Only_the_frameworks_the_app_names_are_the_framework(bool aspNetCoreApp, AssemblyAction expected)
    {
        using var temp = new TempDirectory("rd-framework");
        string app = FixtureApp.CopyBuild(temp.Path);
        File.Copy(Path.Combine(AspNetCoreDirectory(), Library + ".dll"), Path.Combine(app, Library + ".dll"));
        if (aspNetCoreApp)
            AddFramework(Path.Combine(app, FixtureApp.AssemblyName + ".runtimeconfig.json"), "Microsoft.AspNetCore.App");

        var result = AppInstrumenter.Instrument(app, temp.File("out"), new InstrumentOptions { Include = [Library] });

        var outcome = result.Assemblies.Single(a => a.FileName == Library + ".dll");
        Assert.Equal(expected, outcome.Action);
        if (expected == AssemblyAction.Copied)
            Assert.Equal("part of the shared framework", outcome.Reason);
    }

    /// <summary>The newest installed ASP.NET Core shared framework, beside the one running the tests.</summary>
    static string AspNetCoreDirectory()
    {
        string shared = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", ".."));
        string frameworks = Path.Combine(shared, "Microsoft.AspNetCore.App");
        return Directory.Exists(frameworks)
            ? Directory.GetDirectories(frameworks).OrderByDescending(d => Version.Parse(Path.GetFileName(d).Split('-')[0])).First()
            : throw new InvalidOperationException($"no ASP.NET Core shared framework under {shared}: the ASP.NET Core runtime is required");
    }

    /// <summary>Turns the runtimeconfig's single <c>framework</c> into a <c>frameworks</c> list with <paramref name="name"/> added, as a FrameworkReference does.</summary>
    static void AddFramework(string runtimeConfig, string name)
    {
        var root = JsonNode.Parse(File.ReadAllText(runtimeConfig))!;
        var options = root["runtimeOptions"]!.AsObject();
        var core = options["framework"]!.DeepClone();
        options.Remove("framework");
        options["frameworks"] = new JsonArray(core, new JsonObject { ["name"] = name, ["version"] = core["version"]!.GetValue<string>() });
        File.WriteAllText(runtimeConfig, root.ToJsonString());
    }
}
