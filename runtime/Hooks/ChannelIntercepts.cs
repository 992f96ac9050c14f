using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RaceDetector.Runtime.Sync;
using RaceDetector.Runtime.Tasks;

namespace RaceDetector.Runtime;

/// <summary>
/// Replacements for System.Threading.Channels: a write happens before the read that returns the item.
/// A channel's writer and reader are different objects; channels created by instrumented code share one
/// key for both, which value-type items use (reference-type items carry their own clock).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StackTraceHidden]
public static class ChannelIntercepts
{
    const string Factory = "System.Threading.Channels.Channel";
    const string Writer = "System.Threading.Channels.ChannelWriter`1";
    const string Reader = "System.Threading.Channels.ChannelReader`1";

    static readonly ConditionalWeakTable<object, object> s_keys = new();

    /// <summary>Replaces <see cref="Channel.CreateUnbounded{T}()"/>.</summary>
    [Intercept(Factory, "CreateUnbounded")]
    public static Channel<T> CreateUnbounded<T>(int site) => Keyed(Channel.CreateUnbounded<T>());

    /// <summary>Replaces <see cref="Channel.CreateUnbounded{T}(UnboundedChannelOptions)"/>.</summary>
    [Intercept(Factory, "CreateUnbounded")]
    public static Channel<T> CreateUnbounded<T>(UnboundedChannelOptions options, int site) => Keyed(Channel.CreateUnbounded<T>(options));

    /// <summary>Replaces <see cref="Channel.CreateBounded{T}(int)"/>.</summary>
    [Intercept(Factory, "CreateBounded")]
    public static Channel<T> CreateBounded<T>(int capacity, int site) => Keyed(Channel.CreateBounded<T>(capacity));

    /// <summary>Replaces <see cref="Channel.CreateBounded{T}(BoundedChannelOptions)"/>.</summary>
    [Intercept(Factory, "CreateBounded")]
    public static Channel<T> CreateBounded<T>(BoundedChannelOptions options, int site) => Keyed(Channel.CreateBounded<T>(options));

    /// <summary>Replaces <see cref="ChannelWriter{T}.TryWrite"/>.</summary>
    [Intercept(Writer, "TryWrite")]
    public static bool TryWrite<T>(ChannelWriter<T> writer, T item, int site)
    {
        Items.Added(KeyOf(writer), item);
        return writer.TryWrite(item);
    }

    /// <summary>Replaces <see cref="ChannelWriter{T}.WriteAsync"/>.</summary>
    [Intercept(Writer, "WriteAsync")]
    public static ValueTask WriteAsync<T>(ChannelWriter<T> writer, T item, CancellationToken cancellationToken, int site)
    {
        Items.Added(KeyOf(writer), item);
        return writer.WriteAsync(item, cancellationToken);
    }

    /// <summary>Replaces <see cref="ChannelReader{T}.TryRead"/>.</summary>
    [Intercept(Reader, "TryRead")]
    public static bool TryRead<T>(ChannelReader<T> reader, out T item, int site) => Items.TakenIf(KeyOf(reader), reader.TryRead(out item!), item);

    /// <summary>Replaces <see cref="ChannelReader{T}.TryPeek"/>.</summary>
    [Intercept(Reader, "TryPeek")]
    public static bool TryPeek<T>(ChannelReader<T> reader, out T item, int site) => Items.TakenIf(KeyOf(reader), reader.TryPeek(out item!), item);

    /// <summary>Replaces <see cref="ChannelReader{T}.ReadAsync"/>: the item is acquired where the read is observed.</summary>
    [Intercept(Reader, "ReadAsync")]
    public static ValueTask<T> ReadAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken, int site)
    {
        var read = reader.ReadAsync(cancellationToken);
        var key = KeyOf(reader);
        if (read.IsCompletedSuccessfully)
        {
            var item = read.Result;
            Items.Taken(key, item);
            return new ValueTask<T>(item);
        }
        var task = read.AsTask();
        if (DetectorRuntime.Enabled)
            Detection.Guard.Run((task, key), static a => TaskClocks.BindObserver(a.task, t =>
            {
                if (t is Task<T> { IsCompletedSuccessfully: true } done)
                    Items.Taken(a.key, done.Result);
            }));
        return new ValueTask<T>(task);
    }

    /// <summary>Replaces <see cref="ChannelReader{T}.ReadAllAsync"/>: each item is acquired as the consumer reads it.</summary>
    [Intercept(Reader, "ReadAllAsync")]
    public static IAsyncEnumerable<T> ReadAllAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken, int site) =>
        new TakingAsyncEnumerable<T>(reader.ReadAllAsync(cancellationToken), KeyOf(reader));

    static Channel<T> Keyed<T>(Channel<T> channel)
    {
        s_keys.AddOrUpdate(channel.Writer, channel);
        s_keys.AddOrUpdate(channel.Reader, channel);
        return channel;
    }

    static object KeyOf(object end) => s_keys.TryGetValue(end, out var channel) ? channel : end;
}
