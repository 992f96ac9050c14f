// WebCounter: an ASP.NET Core minimal API. Its singleton counts hits with a plain `++`; requests run on
// thread-pool threads, so two requests served by different threads race on the count. The greeting is
// built by a registered factory on one request's thread and read by all: the container publishes it.
// GET /hit counts a hit; GET /stop shuts the app down, which ends the run with the race report.
// Prints "listening on <url>" once it serves (start it with `-- --urls http://127.0.0.1:0` for any free port).

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSingleton<HitCounter>();
builder.Services.AddSingleton(_ => new Greeting { Text = "hello" });
var app = builder.Build();

app.MapGet("/hit", (HitCounter counter, Greeting greeting) =>
{
    Thread.Sleep(20); // some work, so concurrent requests keep several pool threads busy
    return $"{greeting.Text} #{counter.Hit()}";
});
app.MapGet("/stop", (IHostApplicationLifetime lifetime) =>
{
    lifetime.StopApplication();
    return "stopping";
});
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("listening on " + string.Join(" ", app.Urls)));

app.Run();

sealed class HitCounter
{
    int _hits;

    public int Hit() => ++_hits; // RACE: _hits
}

sealed class Greeting
{
    public string Text { get; set; } = "";
}
