using Stratus.Server.Realtime.Bus.Postgres;

namespace Stratus.Server.Tests.Realtime;

public sealed class PostgresSnapshotTests
{
    [Theory]
    [InlineData("10:20:", 9, true)]
    [InlineData("10:20:", 10, true)]
    [InlineData("10:20:", 19, true)]
    [InlineData("10:20:", 20, false)]
    [InlineData("10:20:12,15", 12, false)]
    [InlineData("10:20:12,15", 15, false)]
    [InlineData("10:20:12,15", 13, true)]
    public void A_transaction_is_visible_when_it_finished_before_the_snapshot(string text, ulong transaction, bool visible)
    {
        var snapshot = PostgresSnapshot.Parse(text);

        Assert.Equal(visible, snapshot.IsVisible(transaction));
        Assert.Equal(text, snapshot.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10:20")]
    [InlineData("a:b:")]
    public void Text_that_is_not_a_snapshot_is_refused(string text) =>
        Assert.ThrowsAny<FormatException>(() => PostgresSnapshot.Parse(text));
}
