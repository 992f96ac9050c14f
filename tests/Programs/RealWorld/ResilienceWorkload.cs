using System.Text;
using Polly;
using Polly.Fallback;
using Polly.Retry;

namespace RealWorld;

/// <summary>
/// Polly the way applications use it: a resilience pipeline (retry with no delay, timeout, fallback)
/// runs an operation that fails a known number of times before it succeeds, or never succeeds.
/// </summary>
static class ResilienceWorkload
{
    const int Operations = 200;

    public static void Run(Documents documents)
    {
        var pipeline = new ResiliencePipelineBuilder<string>()
            .AddFallback(new FallbackStrategyOptions<string>
            {
                ShouldHandle = new PredicateBuilder<string>().Handle<InvalidOperationException>(),
                FallbackAction = _ => Outcome.FromResultAsValueTask("fallback"),
            })
            .AddRetry(new RetryStrategyOptions<string>
            {
                ShouldHandle = new PredicateBuilder<string>().Handle<InvalidOperationException>(),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
            })
            .AddTimeout(TimeSpan.FromMinutes(1))
            .Build();

        var text = new StringBuilder();
        for (int operation = 0; operation < Operations; operation++)
        {
            var flaky = new FlakyOperation(failures: operation % 6);
            string result = pipeline.Execute(static (flaky, _) => flaky.Call(), flaky, CancellationToken.None);
            text.AppendLine($"{operation}: {result} after {flaky.Attempts} attempt(s)");
        }
        documents.Add("resilience.txt", text.ToString());
    }

    /// <summary>Fails its first <c>failures</c> calls.</summary>
    sealed class FlakyOperation(int failures)
    {
        public int Attempts { get; private set; }

        public string Call()
        {
            if (++Attempts <= failures)
                throw new InvalidOperationException("attempt " + Attempts);
            return "ok";
        }
    }
}
