using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Limits;

/// <summary>
/// Generated bad input against a running server: GraphQL documents built from the schema's own names with random
/// arguments, filters, fragments, directives and junk, raw bodies, and real-time frames. Every answer must come
/// within its deadline, never as HTTP 5xx nor an <c>InternalFailure</c>, and the server must serve a plain query
/// afterwards. CsCheck prints the seed of a failing case; <c>CsCheck_Seed</c> replays it.
/// </summary>
public sealed class FuzzTests : SyncApiTestBase
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());

    private static readonly string[] Fields =
    [
        "listPosts", "getPost", "syncPosts", "postsByStatus", "createPost", "updatePost", "deletePost", "listReadings", "getReading",
        "onCreatePost", "items", "id", "title", "rating", "score", "tags", "labels", "meta", "address", "street", "comments", "post",
        "nextToken", "startedAt", "_version", "_deleted", "_lastChangedAt", "__typename", "__schema", "types", "name", "nope",
    ];

    private static readonly string[] Arguments = ["id", "filter", "limit", "nextToken", "lastSync", "input", "condition", "status", "rating", "sensor", "at", "sortDirection", "bogus"];

    private static readonly string[] FilterKeys = ["and", "or", "not", "title", "rating", "tags", "status", "id", "meta", "nope"];

    private static readonly string[] Operators = ["eq", "ne", "lt", "le", "gt", "ge", "contains", "notContains", "between", "beginsWith", "in", "notIn", "attributeExists", "size", "attributeType", "weird"];

    private static Gen<string> Word(int length) => Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[0, length].Select(c => new string(c));

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture) + "9"),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e999"),
        Word(12).Select(s => "\"" + s + "\""),
        Gen.OneOf("true", "false", "null", "DRAFT", "PUBLISHED", "ASC", "$v", "\"\\u0000\"", "\"🙂\"", "\"2026-13-40\""));

    private static Gen<string> Value(int depth) => depth == 0 ? Scalar : Gen.OneOf(
        Scalar,
        Value(depth - 1).Array[0, 6].Select(v => "[" + string.Join(", ", v) + "]"),
        Filter(depth - 1));

    private static Gen<string> Filter(int depth) =>
        Gen.Select(Gen.OneOf(FilterKeys), Gen.OneOf(Operators), depth == 0 ? Scalar : Value(depth - 1), Gen.Int[0, 3],
            (key, op, value, shape) => key is "and" or "or"
                ? shape switch { 0 => $"{{{key}: [{{title: {{eq: {value}}}}}]}}", 1 => $"{{{key}: {value}}}", _ => $"{{{key}: [" + string.Join(", ", Enumerable.Repeat($"{{rating: {{{op}: {value}}}}}", shape * 150)) + "]}" }
                : key == "not" ? $"{{not: {{title: {{{op}: {value}}}}}}}" : $"{{{key}: {{{op}: {value}}}}}");

    private static Gen<string> Selection(int depth) => depth == 0
        ? Gen.OneOf(Fields)
        : Gen.OneOf(
            Gen.OneOf(Fields),
            Gen.Select(Gen.OneOf(Fields), Gen.Select(Gen.OneOf(Arguments), Value(2), (a, v) => a + ": " + v).Array[0, 3], Selection(depth - 1).Array[1, 4],
                Gen.OneOf("", " @include(if: true)", " @skip(if: $v)", " @nope", " @include(if: true) @include(if: false)"),
                (field, args, inner, directive) => field + (args.Length == 0 ? "" : "(" + string.Join(", ", args) + ")") + directive + " { " + string.Join(" ", inner) + " }"),
            Gen.OneOf("...F", "...Missing", "... on Post { id }", "... on Nope { id }", "alias: id", "a: listPosts { items { id } }"));

    private static readonly Gen<string> Document = Gen.Select(
        Gen.OneOf("", "query ", "mutation ", "subscription ", "query Q($v: Boolean) ", "query($v: ModelPostFilterInput) ", "{", "fragment X on Post "),
        Selection(3).Array[1, 5],
        Gen.OneOf("", "\nfragment F on Post { id title }", "\nfragment F on ModelPostConnection { items { id } ...F }", "\nfragment F on Nope { x }"),
        Gen.Int[0, 20],
        Gen.Char.Array[0, 3],
        (operation, selections, fragment, cut, junk) =>
        {
            var text = operation + "{ " + string.Join(" ", selections) + " }" + fragment;
            // Now and then a cut or stray characters, for syntax errors of every kind.
            return cut == 0 ? text[..(text.Length / 2)] : cut == 1 ? text + new string(junk) : text;
        });

    /// <summary>Well-formed operations of the schema with wild argument values, so requests reach the resolvers.</summary>
    private static readonly Gen<string> Quoted = Word(8).Select(w => "\"" + w + "\"");

    private static readonly Gen<string> Number = Gen.Int[-5, 5_000].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static readonly Gen<string> Shaped = Gen.Select(Gen.Int[0, 5], Gen.OneOf(Filter(2), Gen.Const("null")), Number, Quoted, Gen.OneOf(Number, Scalar), (template, filter, n, word, any) => template switch
    {
        0 => $"{{ listPosts(filter: {filter}, limit: {n}, nextToken: {word}) {{ items {{ id title }} nextToken }} }}",
        1 => $"{{ syncPosts(filter: {filter}, limit: {n}, lastSync: {any}) {{ items {{ id _version }} startedAt }} }}",
        2 => $"mutation {{ createPost(input: {{id: {word}, title: {word}, rating: {n}, tags: [{word}]}}, condition: {filter}) {{ id }} }}",
        3 => $"mutation {{ updatePost(input: {{id: {word}, _version: {n}, title: {word}}}, condition: {filter}) {{ id }} }}",
        4 => $"{{ postsByStatus(status: DRAFT, rating: {{between: [{n}, {any}]}}, limit: {n}) {{ items {{ id }} }} }}",
        _ => $"{{ listPosts(filter: {filter}, limit: {n}) {{ items {{ id }} }} getReading(sensor: {word}, at: {n}) {{ value }} }}",
    });

    private static readonly Gen<string> Variables = Gen.OneOf(
        Gen.Const("null"), Gen.Const("{}"), Gen.Const("[]"), Gen.Const("\"v\""),
        Value(3).Select(v => "{\"v\": " + v.Replace("$v", "1", StringComparison.Ordinal) + "}"),
        Gen.Int[1, 200].Select(depth => "{\"v\": " + new string('[', depth) + new string(']', depth) + "}"),
        Gen.Const("{\"v\": true, \"v\": false}"));

    private static readonly Gen<string> Body = Gen.OneOf(
        Gen.Select(Shaped, Variables, (d, v) => $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(d)}, \"variables\": {v}}}"),
        Gen.Select(Shaped, Variables, (d, v) => $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(d)}, \"variables\": {v}}}"),
        Gen.Select(Document, Variables, (d, v) => $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(d)}, \"variables\": {v}}}"),
        Gen.Select(Document, Gen.OneOf("Q", "nope", ""), (d, name) => $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(d)}, \"operationName\": \"{name}\"}}"),
        Gen.OneOf("", "{", "null", "[]", "{\"query\": 5}", "{\"query\": null}", "{\"query\": \"{ listPosts { items { id } } }\", \"query\": \"mutation { deletePost(input: {id: \\\"x\\\"}) { id } }\"}", "not json"),
        Gen.String.Select(s => "{\"query\": " + System.Text.Json.JsonSerializer.Serialize(s) + "}"));

    private static readonly Gen<string> Frame = Gen.OneOf(
        Gen.Select(Gen.OneOf("start", "stop", "connection_init", "ka", "complete", "nope", ""), Word(8), Document, Variables,
            (type, id, doc, variables) => new JsonObject
            {
                ["type"] = type,
                ["id"] = id,
                ["payload"] = new JsonObject
                {
                    ["data"] = $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(doc)}, \"variables\": {variables}}}",
                    ["extensions"] = new JsonObject { ["authorization"] = new JsonObject { ["host"] = "127.0.0.1", ["x-api-key"] = StratusTestServer.ApiKey } },
                },
            }.ToJsonString()),
        Gen.OneOf("", "{", "[]", "null", "{\"type\": 5}", "{\"type\": \"start\", \"type\": \"stop\"}", "{\"type\": \"start\", \"id\": \"x\", \"payload\": {\"data\": 5}}"),
        Gen.String);

    [Fact]
    public async Task Two_thousand_generated_requests_get_clear_answers_in_time_and_leave_the_server_healthy()
    {
        await CreatePostAsync(new { title = "seed", rating = 1 });
        var seen = new HashSet<string>(StringComparer.Ordinal);

        await Body.SampleAsync(async body =>
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Server.Client.PostAsync("/graphql", content).WaitAsync(TimeSpan.FromSeconds(20));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode} for {body}: {text}");
            Assert.DoesNotContain("InternalFailure", text, StringComparison.Ordinal);
            foreach (System.Text.RegularExpressions.Match type in System.Text.RegularExpressions.Regex.Matches(text, "\"errorType\":\"([A-Za-z:]+)\""))
            {
                seen.Add(type.Groups[1].Value);
            }
        }, iter: 2_000, threads: 1);

        // The generator reaches every layer: the JSON reader, the parser, the limits, validation and the resolvers.
        Assert.True(seen.IsSupersetOf(["MalformedHttpRequestException", "ValidationError", "BadRequest"]), string.Join(", ", seen));
        (await Server.PostAsync("{ listPosts { items { title } } }")).Ok();
    }

    [Fact]
    public async Task Five_hundred_generated_realtime_frames_get_clear_answers_and_leave_the_server_healthy()
    {
        var socket = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
        await socket.InitAsync();
        try
        {
            await Frame.SampleAsync(async frame =>
            {
                if (socket.State != System.Net.WebSockets.WebSocketState.Open)
                {
                    // The server may end a connection for bad frames; that is a clear answer, so start a new one.
                    await socket.DisposeAsync();
                    socket = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
                    await socket.InitAsync();
                }

                await socket.SendAsync(frame);
                var answer = await AnswerAsync(socket);
                Assert.DoesNotContain("InternalFailure", answer, StringComparison.Ordinal);
            }, iter: 500, threads: 1);
        }
        finally
        {
            await socket.DisposeAsync();
        }

        await using var fresh = await RealtimeClient.ConnectAsync(Server.Client.BaseAddress!);
        await fresh.InitAsync();
        await fresh.StartAsync("subscription { onCreatePost { id } }");
        Assert.Equal(HttpStatusCode.OK, (await Server.PostAsync("{ listPosts { items { title } } }")).Ok().Status);
    }

    /// <summary>
    /// Everything the server says about the last frame: a probe subscription is started behind it, and what arrives
    /// until the probe is answered (or the connection ends) is the answer. The probe is stopped again.
    /// </summary>
    private static async Task<string> AnswerAsync(RealtimeClient socket)
    {
        var probe = "probe-" + Guid.NewGuid().ToString("N");
        var answer = new StringBuilder();
        try
        {
            await socket.StartAsync("subscription { onCreatePost { id } }", id: probe, expectAck: false);
            while (await socket.ReceiveAsync() is { } message)
            {
                answer.Append(message.ToJsonString());
                if (message["id"]?.GetValue<string>() == probe && message["type"]?.GetValue<string>() is "start_ack" or "error")
                {
                    await socket.SendAsync(new JsonObject { ["type"] = "stop", ["id"] = probe });
                    break;
                }
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // The server ended the connection: the caller starts a new one.
        }

        return answer.ToString();
    }
}
