using Stratus.DataStore.Api;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Sync;

/// <summary>Sync settings a server would refuse are refused when the store is made, saying what to write instead.</summary>
public sealed class SyncOptionsTests
{
    private static DataStoreOptions Options() => new()
    {
        Models = new StratusModels(),
        DatabasePath = "unused.db",
        AppSync = new AppSyncSettings(new Uri("http://127.0.0.1:9/graphql"), AuthMode.ApiKey, "da2-key"),
    };

    [Fact]
    public void A_sync_expression_with_In_is_refused_because_sync_filters_have_no_in()
    {
        var options = Options().SyncExpression<Post>(p => p.Rating.In(1, 2));

        var error = Assert.Throws<ArgumentException>(() => new StratusDataStore(options));

        Assert.Contains("The sync expression of Post uses In/NotIn", error.Message);
    }

    [Fact]
    public void A_sync_expression_across_relationships_is_refused()
    {
        var options = Options().SyncExpression<Comment>(c => c.Post.Matches(p => p.Rating > 3));

        var error = Assert.Throws<ArgumentException>(() => new StratusDataStore(options));

        Assert.Contains("cannot reach across relationships", error.Message);
    }

    [Fact]
    public void A_page_larger_than_AppSync_serves_is_refused()
    {
        var options = Options();
        options.SyncPageSize = 5000;

        var error = Assert.Throws<InvalidOperationException>(() => new StratusDataStore(options));

        Assert.Contains("at most 1000", error.Message);
    }
}
