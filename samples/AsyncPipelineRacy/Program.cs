// AsyncPipeline with one realistic bug. A producer writes 60 orders into a bounded Channel<Order>; three
// consumers read them with `await foreach (... ReadAllAsync())`, price each one under a SemaphoreSlim
// throttle and aggregate the results with Interlocked, ConcurrentDictionary and a lock, exactly as in
// AsyncPipeline. Someone then added a "received" counter to the shared statistics object and bumps it with
// a plain `Stats.OrdersReceived++` as each consumer picks an order up, outside any lock: the consumers run
// concurrently on thread-pool threads, so increments can be lost and the printed count can fall short.
// RaceDetector reports one write-write race on the instance field PipelineStats.OrdersReceived, both sides
// on the `++` line in two different consumers (the read of `++` is checked as part of its write), and
// exits with code 66. Nothing else is reported: every other shared access is ordered, as in AsyncPipeline.

using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;

var pipeline = new OrderPipeline(orderCount: 60, consumerCount: 3, maxConcurrentPricing: 2);
var invoices = await pipeline.RunAsync();

var stats = pipeline.Stats;
Console.WriteLine($"orders received: {stats.OrdersReceived}");
Console.WriteLine($"orders processed: {stats.OrdersProcessed} ({stats.LinesProcessed} lines)");
foreach (var invoice in invoices)
    Console.WriteLine(Invariant($"{invoice.Customer}: {invoice.Orders} orders, {invoice.Revenue:F2}"));
Console.WriteLine(Invariant($"largest order: #{stats.LargestOrderId} ({stats.LargestTotal:F2})"));
Console.WriteLine(Invariant($"total revenue: {invoices.Sum(i => i.Revenue):F2}"));

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

sealed class OrderPipeline(int orderCount, int consumerCount, int maxConcurrentPricing)
{
    static readonly string[] Customers = ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Wingtip"];

    readonly Channel<Order> _orders = Channel.CreateBounded<Order>(new BoundedChannelOptions(8) { SingleWriter = true });
    readonly SemaphoreSlim _pricing = new(maxConcurrentPricing);
    readonly ConcurrentDictionary<string, decimal> _revenue = new();
    readonly ConcurrentDictionary<string, int> _orderCounts = new();

    public PipelineStats Stats { get; } = new();

    public async Task<Invoice[]> RunAsync()
    {
        Task producer = Task.Run(() => ProduceAsync(_orders.Writer));
        Task[] consumers = Enumerable.Range(0, consumerCount).Select(_ => Task.Run(() => ConsumeAsync(_orders.Reader))).ToArray();
        await Task.WhenAll([producer, .. consumers]);

        // Every consumer has finished: one invoice per customer, written in parallel.
        string[] customers = _revenue.Keys.Order(StringComparer.Ordinal).ToArray();
        var invoices = new Invoice[customers.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, customers.Length), new ParallelOptions { MaxDegreeOfParallelism = 2 },
            async (index, cancellationToken) =>
            {
                await Task.Yield();
                string customer = customers[index];
                invoices[index] = new Invoice(customer, _orderCounts[customer], _revenue[customer]);
            });
        _pricing.Dispose();
        return invoices;
    }

    async Task ProduceAsync(ChannelWriter<Order> writer)
    {
        try
        {
            for (int id = 1; id <= orderCount; id++)
            {
                var lines = new OrderLine[1 + id % 3];
                for (int i = 0; i < lines.Length; i++)
                    lines[i] = new OrderLine($"SKU-{(id + i) % 7}", 1 + (id + i) % 4, 2.50m + (id * 7 + i) % 5);
                await writer.WriteAsync(new Order(id, Customers[id % Customers.Length], lines));
                if (id % 10 == 0)
                    await Task.Yield();
            }
        }
        finally
        {
            writer.Complete();
        }
    }

    async Task ConsumeAsync(ChannelReader<Order> reader)
    {
        await foreach (var order in reader.ReadAllAsync().ConfigureAwait(false))
        {
            Stats.OrdersReceived++; // RACE: OrdersReceived
            await _pricing.WaitAsync().ConfigureAwait(false);
            try
            {
                order.Total = await PriceAsync(order).ConfigureAwait(false);
            }
            finally
            {
                _pricing.Release();
            }
            Interlocked.Increment(ref Stats.OrdersProcessed);
            Interlocked.Add(ref Stats.LinesProcessed, order.Lines.Length);
            _revenue.AddOrUpdate(order.Customer, order.Total, (_, revenue) => revenue + order.Total);
            _orderCounts.AddOrUpdate(order.Customer, 1, (_, count) => count + 1);
            Stats.RecordOrder(order);
        }
    }

    static async Task<decimal> PriceAsync(Order order)
    {
        if (order.Id % 4 == 0)
            await Task.Delay(1).ConfigureAwait(false); // the price list is not cached: fetch it
        else
            await Task.Yield();
        decimal total = 0;
        foreach (var line in order.Lines)
            total += line.Quantity * line.UnitPrice;
        return order.Lines.Length >= 3 ? total * 0.95m : total; // bulk discount
    }
}

sealed class PipelineStats
{
    public int OrdersReceived; // not atomic: see ConsumeAsync
    public int OrdersProcessed;
    public int LinesProcessed;

    readonly object _gate = new();

    public int LargestOrderId { get; private set; }
    public decimal LargestTotal { get; private set; }

    public void RecordOrder(Order order)
    {
        lock (_gate)
        {
            if (order.Total > LargestTotal || (order.Total == LargestTotal && order.Id < LargestOrderId))
            {
                LargestTotal = order.Total;
                LargestOrderId = order.Id;
            }
        }
    }
}

sealed record Order(int Id, string Customer, OrderLine[] Lines)
{
    public decimal Total { get; set; }
}

sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

sealed record Invoice(string Customer, int Orders, decimal Revenue);
