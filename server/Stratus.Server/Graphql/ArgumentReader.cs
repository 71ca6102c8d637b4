using Stratus.Schema.AppSync.Errors;
using GraphQL;
using Stratus.Schema.Filters;

namespace Stratus.Server.Graphql;

/// <summary>Reads raw argument values from a resolver context, keeping explicit nulls distinct from absent keys.</summary>
internal static class ArgumentReader
{
    /// <summary>The value under <paramref name="key"/>, or null when absent.</summary>
    public static object? Lookup(this IDictionary<string, object?> map, string key) => map.TryGetValue(key, out var value) ? value : null;

    public static object? Raw(this IResolveFieldContext context, string name) =>
        context.Arguments is not null && context.Arguments.TryGetValue(name, out var value) ? value.Value : null;

    public static IReadOnlyDictionary<string, object?> Map(this IResolveFieldContext context, string name) => context.Raw(name) switch
    {
        IDictionary<string, object?> map => new Dictionary<string, object?>(map),
        _ => new Dictionary<string, object?>(),
    };

    public static FilterNode? Filter(this IResolveFieldContext context, string name)
    {
        try
        {
            return FilterParser.Parse(context.Raw(name) is IDictionary<string, object?> map ? new Dictionary<string, object?>(map) : null);
        }
        catch (FilterException e)
        {
            throw new BadRequestException(e.Message);
        }
    }

    public static int? Int(this IResolveFieldContext context, string name) =>
        context.Raw(name) is { } value ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static long? Long(this IResolveFieldContext context, string name) =>
        context.Raw(name) is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string? String(this IResolveFieldContext context, string name) => context.Raw(name) as string;

    /// <summary>Every argument of the field as JSON (the <c>arguments</c> of a conflict handler payload).</summary>
    public static System.Text.Json.Nodes.JsonObject ArgumentsJson(this IResolveFieldContext context) =>
        new(context.Arguments?.Where(a => a.Value.Source != GraphQL.Execution.ArgumentSource.FieldDefault)
            .Select(a => KeyValuePair.Create(a.Key, Sync.ItemJson.FromArgument(a.Value.Value))) ?? []);

    /// <summary>The arguments a page token is bound to: the field plus every argument except nextToken and limit (DataStore shrinks the limit on later pages).</summary>
    public static string TokenScope(this IResolveFieldContext context)
    {
        var args = context.Arguments?.Where(a => a.Key is not "nextToken" and not "limit" && a.Value.Value is not null)
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Key + "=" + Sync.ItemJson.FromArgument(a.Value.Value)?.ToJsonString()) ?? [];
        return context.FieldDefinition.Name + "(" + string.Join(",", args) + ")";
    }
}
