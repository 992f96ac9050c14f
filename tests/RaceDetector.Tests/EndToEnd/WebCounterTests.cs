using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>
/// samples/WebCounter, an ASP.NET Core app, under <c>racedetector run</c>: concurrent requests race on the
/// singleton's counter; the greeting that a registered factory built on one request's thread is not reported.
/// </summary>
public class WebCounterTests
{
    const int Requests = 16;

    [Fact]
    public async Task Concurrent_requests_race_on_a_singletons_counter_and_nothing_else()
    {
        using var temp = new TempDirectory("rd-web");
        string json = temp.File("report.json");
        using var app = ProcessRunner.Start([Repo.Cli, "run", Repo.Sample("WebCounter"), "--json", json, "--", "--urls", "http://127.0.0.1:0"]);
        var errors = app.StandardError.ReadToEndAsync();
        try
        {
            string url = await ListeningUrl(app) ?? throw new Xunit.Sdk.XunitException("the app never served: " + await errors);
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(1) };
            var pages = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => client.GetStringAsync("/hit")));
            Assert.All(pages, page => Assert.StartsWith("hello #", page));
            await client.GetStringAsync("/stop");
            await app.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        }
        finally
        {
            if (!app.HasExited)
                app.Kill(entireProcessTree: true);
        }

        Assert.True(app.ExitCode == 66, $"exit code {app.ExitCode}: {await errors}");
        var report = RaceReportJson.Load(json);
        var race = Assert.Single(report.Races);
        int line = SourceMarkers.Line(Path.Combine(Repo.Sample("WebCounter"), "Program.cs"), "RACE: _hits");
        Assert.Equal(("HitCounter", "_hits", "write-write"), (race.Type, race.Member, race.Kind));
        Assert.Equal((line, line), race.Lines);
        Assert.NotEqual(race.Current.ThreadId, race.Previous.ThreadId);
        Assert.Equal(".NET TP Worker", race.Current.ThreadName);
        Assert.Equal(".NET TP Worker", race.Previous.ThreadName);
    }

    /// <summary>The URL the app prints once it serves, or null if it ends first.</summary>
    static async Task<string?> ListeningUrl(System.Diagnostics.Process app)
    {
        const string Prefix = "listening on ";
        while (await app.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                _ = app.StandardOutput.ReadToEndAsync(); // keep draining, so the app never blocks on a full pipe
                return line[Prefix.Length..].Split(' ')[0];
            }
        }
        return null;
    }
}
