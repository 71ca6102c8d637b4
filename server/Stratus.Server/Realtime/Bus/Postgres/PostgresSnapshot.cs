using System.Globalization;

namespace Stratus.Server.Realtime.Bus.Postgres;

/// <summary>
/// A PostgreSQL snapshot as <c>pg_current_snapshot()::text</c> writes it (<c>xmin:xmax:xip,...</c>): which
/// transactions had finished when it was taken. A transaction is visible in it when its id is below <c>xmin</c>, or
/// below <c>xmax</c> and not in progress then.
/// </summary>
public sealed class PostgresSnapshot
{
    private readonly HashSet<ulong> _inProgress;

    private PostgresSnapshot(ulong xmin, ulong xmax, HashSet<ulong> inProgress)
    {
        Xmin = xmin;
        Xmax = xmax;
        _inProgress = inProgress;
    }

    public ulong Xmin { get; }

    public ulong Xmax { get; }

    public string Text => $"{Xmin}:{Xmax}:{string.Join(',', _inProgress.Order())}";

    public bool IsVisible(ulong transaction) => transaction < Xmin || (transaction < Xmax && !_inProgress.Contains(transaction));

    public static PostgresSnapshot Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new FormatException($"Not a PostgreSQL snapshot: '{text}'.");
        }

        var inProgress = parts[2].Length == 0
            ? new HashSet<ulong>()
            : parts[2].Split(',').Select(x => ulong.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();
        return new PostgresSnapshot(ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture), inProgress);
    }
}
