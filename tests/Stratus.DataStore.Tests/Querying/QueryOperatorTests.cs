using System.Linq.Expressions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Serialization;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;
using Stratus.Schema.Filters;

namespace Stratus.DataStore.Tests.Querying;

/// <summary>
/// Every operator, nulls included, on real SQLite. Each case states the titles it must return, and the SQL result
/// must also equal the shared in-memory evaluator's on the same records: one null semantics everywhere.
/// </summary>
public sealed class QueryOperatorTests : LocalStoreTest
{
    public override async Task InitializeAsync()
    {
        await Store.SaveAllAsync(
        [
            new Post { Title = "Alpha", Rating = 5, Score = 1.5, Published = true, Status = Status.PUBLISHED, Tags = ["a", "b"], PublishedOn = new DateOnly(2024, 1, 10), EditedAt = new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.FromHours(2)) },
            new Post { Title = "alpha", Rating = 3, Score = 2.5, Published = false, Status = Status.DRAFT, Tags = ["b"], PublishedOn = new DateOnly(2024, 2, 1), PublishedAt = new TimeOnly(8, 59) },
            new Post { Title = "Beta", PublishedAt = AwsTime.Parse("09:15:00Z") },
            new Post { Title = "Gamma", Rating = 1, Score = -1, Status = Status.ARCHIVED, Tags = ["c"], EditedAt = new DateTimeOffset(2024, 1, 10, 11, 0, 0, TimeSpan.Zero) },
            new Post { Title = "Zeta-Alpha", Rating = 3, Published = true, Status = Status.PUBLISHED, Tags = [] },
        ]);
    }

    public static TheoryData<string, Expression<Func<Post, bool>>, string[]> Cases()
    {
        var low = 2;
        var statuses = new[] { Status.DRAFT, Status.ARCHIVED };
        var titles = new List<string> { "Beta", "Gamma" };
        return new()
        {
            { "eq", p => p.Rating == 3, ["alpha", "Zeta-Alpha"] },
            { "eq captured", p => p.Rating == low + 1, ["alpha", "Zeta-Alpha"] },
            { "eq null", p => p.Rating == null, ["Beta"] },
            { "ne (null counts as different)", p => p.Rating != 3, ["Alpha", "Beta", "Gamma"] },
            { "ne null", p => p.Rating != null, ["Alpha", "alpha", "Gamma", "Zeta-Alpha"] },
            { "gt", p => p.Rating > 3, ["Alpha"] },
            { "ge", p => p.Rating >= 3, ["Alpha", "alpha", "Zeta-Alpha"] },
            { "lt (null never ordered)", p => p.Rating < 3, ["Gamma"] },
            { "le", p => p.Rating <= 3, ["alpha", "Gamma", "Zeta-Alpha"] },
            { "mirrored", p => 3 < p.Rating, ["Alpha"] },
            { "float", p => p.Score > 0, ["Alpha", "alpha"] },
            { "between inclusive", p => p.Rating.Between(1, 3), ["alpha", "Gamma", "Zeta-Alpha"] },
            { "string gt by code point", p => string.Compare(p.Title, "Zeta") > 0, ["alpha", "Zeta-Alpha"] },
            { "string CompareTo", p => p.Title.CompareTo("B") < 0, ["Alpha"] },
            { "string Gt operator", p => p.Title.Gt("Gamma"), ["alpha", "Zeta-Alpha"] },
            { "string between", p => p.Title.Between("B", "H"), ["Beta", "Gamma"] },
            { "beginsWith (case-sensitive)", p => p.Title.StartsWith("Al"), ["Alpha"] },
            { "BeginsWith operator", p => p.Title.BeginsWith("alp"), ["alpha"] },
            { "contains substring", p => p.Title.Contains("lph"), ["Alpha", "alpha", "Zeta-Alpha"] },
            { "notContains substring", p => p.Title.NotContains("lph"), ["Beta", "Gamma"] },
            { "list contains", p => p.Tags!.Contains("b"), ["Alpha", "alpha"] },
            { "list notContains (null list matches)", p => p.Tags.NotContains("b"), ["Beta", "Gamma", "Zeta-Alpha"] },
            { "not list contains", p => !p.Tags!.Contains("b"), ["Beta", "Gamma", "Zeta-Alpha"] },
            { "in (array)", p => statuses.Contains(p.Status!.Value), ["alpha", "Gamma"] },
            { "in (list)", p => titles.Contains(p.Title), ["Beta", "Gamma"] },
            { "In operator", p => p.Rating.In(1, 5), ["Alpha", "Gamma"] },
            { "NotIn operator (null matches)", p => p.Rating.NotIn(1, 5), ["alpha", "Beta", "Zeta-Alpha"] },
            { "enum eq", p => p.Status == Status.PUBLISHED, ["Alpha", "Zeta-Alpha"] },
            { "enum ne", p => p.Status != Status.PUBLISHED, ["alpha", "Beta", "Gamma"] },
            { "bool member", p => p.Published == true, ["Alpha", "Zeta-Alpha"] },
            { "bool false", p => p.Published == false, ["alpha"] },
            { "HasValue", p => p.Published.HasValue, ["Alpha", "alpha", "Zeta-Alpha"] },
            { "date", p => p.PublishedOn > new DateOnly(2024, 1, 31), ["alpha"] },
            // Compares the text, as AppSync does: Alpha (10:00Z as an instant) is written "12:00+02:00".
            { "datetime compares the text", p => p.EditedAt < new DateTimeOffset(2024, 1, 10, 11, 30, 0, TimeSpan.Zero), ["Gamma"] },
            { "time", p => p.PublishedAt >= AwsTime.Parse("09:00"), ["Beta"] },
            { "and", p => p.Rating >= 3 && p.Published == true, ["Alpha", "Zeta-Alpha"] },
            { "or", p => p.Rating == 1 || p.Title == "Beta", ["Beta", "Gamma"] },
            { "not", p => !(p.Rating == 3), ["Alpha", "Beta", "Gamma"] },
            { "not over null comparison", p => !(p.Rating > 2), ["Beta", "Gamma"] },
            { "nested", p => (p.Rating == 3 || p.Rating == 5) && !p.Title.StartsWith("Z"), ["Alpha", "alpha"] },
            { "constant true", p => true, ["Alpha", "alpha", "Beta", "Gamma", "Zeta-Alpha"] },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Operator_returns_the_stated_records_and_agrees_with_the_shared_evaluator(string name, Expression<Func<Post, bool>> predicate, string[] expected)
    {
        var found = await Store.QueryAsync(predicate);

        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(found.Select(p => p.Title).Order(StringComparer.Ordinal)), $"{name}: got {string.Join(", ", found.Select(p => p.Title))}");
        var catalog = Store.Catalog;
        var info = catalog.Get<Post>();
        var filter = new PredicateTranslator(catalog).Translate(info, predicate);
        var codec = new JsonCodec(catalog);
        var all = await Store.QueryAsync<Post>();
        var evaluated = all.Where(p => FilterEvaluator.Matches(filter, codec.ToJson(info, p))).Select(p => p.Title).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), evaluated);
    }

    [Fact]
    public async Task Count_runs_the_same_predicate_in_SQL()
    {
        Assert.Equal(5, await Store.CountAsync<Post>());
        Assert.Equal(2, await Store.CountAsync<Post>(p => p.Rating == 3));
        Assert.Equal(0, await Store.CountAsync<Post>(p => p.Title == "none"));
    }

    [Fact]
    public async Task A_predicate_that_cannot_be_SQL_is_rejected_with_what_to_use_instead()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Post>(p => p.Title.Length > 3));

        Assert.Contains("Post predicate part", error.Message);
        Assert.Contains("FieldOperators", error.Message);
    }

    [Fact]
    public async Task Forms_whose_meaning_SQL_would_change_are_rejected_not_approximated()
    {
        // An Int compared as a double would be rounded; enum order is not stored; case-insensitive and substring-of-constant forms have no SQL here.
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Post>(p => p.Rating > 3.5));
        var enumOrder = await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Post>(p => p.Status > Status.DRAFT));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Post>(p => p.Title.StartsWith("a", StringComparison.OrdinalIgnoreCase)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Post>(p => "Alphabet".Contains(p.Title)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Post>(p => string.Compare(p.Title, "a", StringComparison.OrdinalIgnoreCase) > 0));

        Assert.Contains("is an enum, stored by name", enumOrder.Message);
        Assert.Equal(["Alpha"], (await Store.QueryAsync<Post>(p => p.Title.StartsWith("Al", StringComparison.Ordinal))).Select(p => p.Title));
        Assert.Equal(["Alpha"], (await Store.QueryAsync<Post>(p => p.Rating > 4L)).Select(p => p.Title));
    }

    [Fact]
    public async Task Whole_list_equality_compares_stored_forms()
    {
        var post = await Store.SaveAsync(new Post { Title = "lists", Statuses = [Status.DRAFT, Status.ARCHIVED] });
        var wanted = new List<Status?> { Status.DRAFT, Status.ARCHIVED };

        var found = await Store.QueryAsync<Post>(p => p.Statuses == wanted);

        Assert.Equal([post.Id], found.Select(p => p.Id));
    }
}
