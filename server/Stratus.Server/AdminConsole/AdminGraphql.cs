using GraphQL;
using GraphQL.Types;
using Stratus.Server.Storage;

namespace Stratus.Server.AdminConsole;

/// <summary>
/// The console's admin GraphQL API at <c>POST /console/graphql</c> (an admin credential, never an API key), so tests
/// and scripts read what the console shows: <c>conflicts(model, outcome, limit, before)</c>, newest first.
/// </summary>
public sealed class AdminGraphql
{
    public AdminGraphql(ConflictLog conflicts)
    {
        var conflict = new ObjectGraphType<ConflictRecord> { Name = "Conflict", Description = "A conflict the server resolved." };
        conflict.Field<NonNullGraphType<LongGraphType>>("id").Resolve(c => c.Source.Id);
        conflict.Field<NonNullGraphType<StringGraphType>>("model").Resolve(c => c.Source.Model);
        conflict.Field<NonNullGraphType<StringGraphType>>("key").Description("The item's key as stored.").Resolve(c => c.Source.Pk);
        conflict.Field<NonNullGraphType<StringGraphType>>("operation").Resolve(c => c.Source.Operation);
        conflict.Field<NonNullGraphType<StringGraphType>>("strategy").Resolve(c => c.Source.Strategy);
        conflict.Field<NonNullGraphType<StringGraphType>>("outcome").Resolve(c => c.Source.Outcome);
        conflict.Field<NonNullGraphType<StringGraphType>>("incoming").Description("The write as sent, as JSON text.").Resolve(c => c.Source.Incoming);
        conflict.Field<NonNullGraphType<StringGraphType>>("serverItem").Description("The server's item the write met, as JSON text.").Resolve(c => c.Source.ServerItem);
        conflict.Field<StringGraphType>("caller").Resolve(c => c.Source.Caller);
        conflict.Field<NonNullGraphType<LongGraphType>>("at").Description("Epoch milliseconds.").Resolve(c => c.Source.At);

        var query = new ObjectGraphType { Name = "Query" };
        query.Field("conflicts", new NonNullGraphType(new ListGraphType(new NonNullGraphType(conflict))))
            .Argument<StringGraphType>("model")
            .Argument<StringGraphType>("outcome")
            .Argument<IntGraphType>("limit")
            .Argument<LongGraphType>("before")
            .ResolveAsync(async c => await conflicts.ListAsync(c.GetArgument<string?>("model"), c.GetArgument<string?>("outcome"),
                c.GetArgument<int?>("limit") ?? 50, c.GetArgument<long?>("before"), c.CancellationToken));
        Schema = new GraphQL.Types.Schema { Query = query };
    }

    public ISchema Schema { get; }
}
