using Stratus.DataStore.Querying;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Querying;

public sealed class SortPagingTests : LocalStoreTest
{
    public override async Task InitializeAsync()
    {
        var posts = Enumerable.Range(1, 25).Select(i => new Post { Id = $"p{i:00}", Title = $"T{i % 5}", Rating = i % 3 == 0 ? null : i % 7 });
        await Store.SaveAllAsync(posts);
    }

    [Fact]
    public async Task Sorts_by_several_fields_with_insertion_order_breaking_ties()
    {
        var sorted = await Store.QueryAsync(options: new QueryOptions<Post>().OrderBy(p => p.Title).ThenByDescending(p => p.Rating));

        var expected = sorted.OrderBy(p => p.Title, StringComparer.Ordinal)
            .ThenByDescending(p => p.Rating ?? int.MinValue)
            .ThenBy(p => p.Id, StringComparer.Ordinal) // inserted in id order
            .Select(p => p.Id);
        Assert.Equal(expected, sorted.Select(p => p.Id));
        Assert.Equal(25, sorted.Count);
    }

    [Fact]
    public async Task Nulls_sort_first_ascending_and_last_descending()
    {
        var ascending = await Store.QueryAsync(options: new QueryOptions<Post>().OrderBy(p => p.Rating));
        var descending = await Store.QueryAsync(options: new QueryOptions<Post>().OrderByDescending(p => p.Rating));

        Assert.Null(ascending[0].Rating);
        Assert.Null(descending[^1].Rating);
        Assert.Equal(6, descending[0].Rating);
    }

    [Fact]
    public async Task Pages_cover_every_record_once_in_order()
    {
        var pages = new List<Post>();
        for (var page = 0; ; page++)
        {
            var rows = await Store.QueryAsync(p => p.Title != "T0", new QueryOptions<Post>().OrderBy(p => p.Rating).Page(page, 4));
            if (rows.Count == 0)
            {
                break;
            }

            Assert.True(rows.Count <= 4);
            pages.AddRange(rows);
        }

        var all = await Store.QueryAsync(p => p.Title != "T0", new QueryOptions<Post>().OrderBy(p => p.Rating));
        Assert.Equal(20, pages.Count);
        Assert.Equal(all.Select(p => p.Id), pages.Select(p => p.Id));
    }

    [Fact]
    public async Task Take_limits_without_a_page()
    {
        var top = await Store.QueryAsync(options: new QueryOptions<Post>().OrderByDescending(p => p.Id).Take(3));

        Assert.Equal(["p25", "p24", "p23"], top.Select(p => p.Id));
    }

    [Fact]
    public void Bad_paging_and_sort_arguments_are_rejected_up_front()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueryOptions<Post>().Page(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueryOptions<Post>().Take(0));
        var error = Assert.Throws<ArgumentException>(() => new QueryOptions<Post>().OrderBy(p => p.Title.Length));
        Assert.Contains("Sort by a property of Post", error.Message);
    }
}
