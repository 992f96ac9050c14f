using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace RealWorld;

/// <summary>
/// Serilog the way applications use it: a logger with a minimum level, enrichers, destructured
/// objects, scalar and collection properties and an exception, rendered by the text and JSON formatters
/// (everything but the timestamp, which differs from run to run).
/// </summary>
static class LoggingWorkload
{
    public static void Run(Documents documents)
    {
        var sink = new CollectingSink();
        using (var logger = new LoggerConfiguration()
                   .MinimumLevel.Debug()
                   .Enrich.WithProperty("Application", "RealWorld")
                   .Enrich.FromLogContext()
                   .Destructure.ToMaximumDepth(4)
                   .WriteTo.Sink(sink)
                   .CreateLogger())
        {
            var catalog = CatalogFactory.Create(40, seed: 3);
            foreach (var book in catalog.Books)
            {
                var log = logger.ForContext("BookId", book.Id);
                log.Information("Loaded {Title} by {Author} for {Price:0.00}", book.Title, book.Author!.Name, book.Price);
                log.Debug("Tags {Tags} and extras {@Extra}", book.Tags, book.Extra);
                if (book.Reviews.Count > 2)
                    log.Warning("Book {@Book} has {Count} reviews", new { book.Id, book.Title, book.Genre, Home = book.Author.Home?.City }, book.Reviews.Count);
                log.Verbose("never written {Id}", book.Id);
            }
            logger.Error(new InvalidOperationException("catalog is read-only"), "Could not save {Catalog}", catalog.Name);
        }
        documents.Add("log.txt", sink.Text);
        documents.Add("log.json", sink.Json);
    }

    /// <summary>Formats each event as it arrives, leaving the timestamp out.</summary>
    sealed class CollectingSink : ILogEventSink
    {
        readonly MessageTemplateTextFormatter _text = new("[{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
        readonly JsonFormatter _json = new(renderMessage: true);
        readonly StringWriter _textOutput = new();
        readonly StringWriter _jsonOutput = new();

        public string Text => _textOutput.ToString();

        public string Json => _jsonOutput.ToString();

        public void Emit(LogEvent logEvent)
        {
            _text.Format(logEvent, _textOutput);
            var timeless = new LogEvent(DateTimeOffset.UnixEpoch, logEvent.Level, logEvent.Exception, logEvent.MessageTemplate,
                logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)));
            _json.Format(timeless, _jsonOutput);
        }
    }
}
