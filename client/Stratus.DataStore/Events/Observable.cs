using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Stratus.DataStore.Events;

/// <summary>An <see cref="IObservable{T}"/> made from a subscribe function (the store needs no Rx dependency).</summary>
internal sealed class Observable<T>(Func<IObserver<T>, IDisposable> subscribe) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return subscribe(observer);
    }
}

internal static class ObservableExtensions
{
    /// <summary>
    /// Reads an observable as an async stream: values are buffered (never dropped) until read; the stream ends when
    /// the observable completes or <paramref name="cancellationToken"/> is cancelled, and rethrows its error.
    /// </summary>
    public static async IAsyncEnumerable<T> ToAsyncEnumerable<T>(this IObservable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = source.Subscribe(new ChannelObserver<T>(channel.Writer));
        while (true)
        {
            bool more;
            try
            {
                more = await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            while (channel.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    private sealed class ChannelObserver<T>(ChannelWriter<T> writer) : IObserver<T>
    {
        public void OnNext(T value) => writer.TryWrite(value);

        public void OnError(Exception error) => writer.TryComplete(error);

        public void OnCompleted() => writer.TryComplete();
    }
}
