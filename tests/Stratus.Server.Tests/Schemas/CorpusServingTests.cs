using System.Security.Claims;
using System.Text.Json.Nodes;
using Stratus.Schema.Model;
using Stratus.Schema.Parsing;
using Stratus.Server.Hosting;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Schemas;

/// <summary>
/// Every schema of the corpus that Amplify's transformer accepts (tests/Stratus.Schema.Tests/Oracle/corpus) is
/// served: the server starts on it with the authorization modes its <c># auth:</c> line names, and every model is
/// created, read back by a base sync with its version, deleted, and seen deleted by the next sync. Modes Stratus
/// does not serve (AWS_IAM, AWS_LAMBDA) are left out, so a model only they may write is refused as Unauthorized.
/// </summary>
public sealed class CorpusServingTests : IDisposable
{
    private const string ClientId = "corpus-client";
    private const string Region = "eu-west-1";
    private const string Pool = "eu-west-1_corpus";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("stratus-corpus-").FullName;

    public static TheoryData<string> Schemas() => new(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.graphql")
        .Select(f => Path.GetFileNameWithoutExtension(f)!)
        .Where(name => !File.Exists(Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".error.txt")))
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Schemas))]
    public async Task Every_model_is_created_synced_and_deleted(string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".graphql");
        var text = await File.ReadAllTextAsync(file);
        var schema = SchemaParser.Parse(text);
        var modes = (text.Split('\n').FirstOrDefault(l => l.StartsWith("# auth:", StringComparison.Ordinal))?["# auth:".Length..] ?? "API_KEY")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var served = modes.Where(m => m is "API_KEY" or "AMAZON_COGNITO_USER_POOLS" or "OPENID_CONNECT").Select(Mode).DefaultIfEmpty(AuthMode.Api_Key).ToList();

        using var cognito = new TokenIssuer($"https://cognito-idp.{Region}.amazonaws.com/{Pool}");
        using var oidc = new TokenIssuer("https://issuer.corpus.test");
        await using var server = await StratusTestServer.StartAsync(SqliteFiles.New(), file, o =>
        {
            o.AuthMode = served[0];
            o.AdditionalAuthModes = served.Skip(1).ToList();
            o.ApiKey = served.Contains(AuthMode.Api_Key) ? StratusTestServer.ApiKey : null;
            o.OidcClientId = ClientId;
            if (served.Contains(AuthMode.Amazon_Cognito_User_Pools))
            {
                (o.CognitoRegion, o.CognitoUserPoolId, o.OidcJwks) = (Region, Pool, cognito.WriteJwks(_directory));
            }
            else if (served.Contains(AuthMode.OpenId_Connect))
            {
                (o.OidcIssuer, o.OidcJwks) = (oidc.Issuer, oidc.WriteJwks(_directory));
            }
        });

        // A signed-in user in every group the corpus names, when a token mode is served; the API key for the models
        // only public rules open.
        var issuer = served.Contains(AuthMode.Amazon_Cognito_User_Pools) ? cognito : served.Contains(AuthMode.OpenId_Connect) ? oidc : null;
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TestTimeouts.Default };
        if (issuer is not null)
        {
            string[] groups = ["Admin", "HR", "Staff", "staff"];
            var claims = new[] { new Claim("sub", "user-1"), new Claim("cognito:username", "alice"), new Claim("username", "alice") }
                .Concat(groups.Select(g => new Claim("cognito:groups", g))).Concat(groups.Select(g => new Claim("groups", g))).ToArray();
            client.DefaultRequestHeaders.Add("Authorization", issuer.Create(Now, TimeSpan.FromHours(1), ClientId, null, claims));
        }

        foreach (var model in schema.Models)
        {
            var byToken = issuer is not null && (model.AuthRules.Count == 0 || model.AuthRules.Any(r => r.EffectiveProvider is "userPools" or "oidc"));
            await ServeAsync(server, byToken ? client : server.Client, schema, model, byToken);
        }
    }

    private static async Task ServeAsync(StratusTestServer server, HttpClient client, ModelSchema schema, ModelDefinition model, bool byToken)
    {
        var ops = model.Operations;
        if (ops.Create is null)
        {
            return;
        }

        var keys = string.Join(" ", model.PrimaryKey.AllFields);
        var input = Input(schema, model);
        var created = await server.PostAsync($"mutation($input: Create{model.Name}Input!) {{ {ops.Create}(input: $input) {{ {keys} _version _deleted }} }}", new { input }, client);

        // Only AWS_IAM or Lambda rules may create it: those modes are not served, and the write is refused.
        var creators = model.AuthRules.Where(r => r.Grants("create")).ToList();
        if (creators.Count > 0 && creators.All(r => r.EffectiveProvider is "iam" or "function" || (byToken && r.EffectiveProvider == "apiKey")))
        {
            Assert.Equal("Unauthorized", created.ErrorType);
            return;
        }

        var item = created.Ok().Data(ops.Create)!.AsObject();
        Assert.Equal(1, item["_version"]!.GetValue<int>());
        foreach (var keyField in model.PrimaryKey.AllFields.Where(k => k != "id"))
        {
            Assert.Equal(input[keyField]!.ToJsonString(), item[keyField]!.ToJsonString());
        }

        if (ops.Sync is not null)
        {
            var synced = (await server.PostAsync($"{{ {ops.Sync}(limit: 100) {{ items {{ {keys} _version _deleted }} }} }}", null, client)).Ok();
            var items = synced.Data(ops.Sync)!["items"]!.AsArray();
            Assert.Contains(items, i => model.PrimaryKey.AllFields.All(k => i![k]!.ToJsonString() == item[k]!.ToJsonString()) && i!["_version"]!.GetValue<int>() == 1);
        }

        if (ops.Delete is null)
        {
            return;
        }

        var key = new JsonObject(model.PrimaryKey.AllFields.Select(k => KeyValuePair.Create(k, item[k]?.DeepClone())));
        key["_version"] = 1;
        var deleting = await server.PostAsync($"mutation($input: Delete{model.Name}Input!) {{ {ops.Delete}(input: $input) {{ {keys} _version _deleted }} }}", new { input = key }, client);
        if (model.AuthRules.Count > 0 && !model.AuthRules.Any(r => r.Grants("delete")))
        {
            Assert.Equal("Unauthorized", deleting.ErrorType);
            return;
        }

        var deleted = deleting.Ok();
        Assert.True(deleted.Data(ops.Delete)!["_deleted"]!.GetValue<bool>());
        Assert.Equal(2, deleted.Data(ops.Delete)!["_version"]!.GetValue<int>());
    }

    /// <summary>A create input with every required field given a value of its type (groups fields name a group the caller is in).</summary>
    private static JsonObject Input(ModelSchema schema, ModelDefinition model)
    {
        var groupFields = model.AuthRules.Where(r => r.GroupsField is not null).Select(r => r.GroupsField!).ToHashSet(StringComparer.Ordinal);
        var input = new JsonObject();
        foreach (var field in model.StoredFields.Where(f => !f.IsReadOnly && !(f.IsImplicit && f.Name == "id")))
        {
            if (groupFields.Contains(field.Name))
            {
                input[field.Name] = field.IsList ? new JsonArray("Admin") : "Admin";
            }
            else if (field.IsRequired || model.PrimaryKey.AllFields.Contains(field.Name))
            {
                input[field.Name] = Value(schema, field);
            }
        }

        return input;
    }

    private static JsonNode Value(ModelSchema schema, FieldDefinition field)
    {
        JsonNode One() => field.Kind switch
        {
            FieldKind.Enum => schema.Enums.First(e => e.Name == field.TypeName).Values[0],
            FieldKind.Embedded => new JsonObject(schema.NonModels.First(n => n.Name == field.TypeName).Fields
                .Where(f => f.IsRequired).Select(f => KeyValuePair.Create(f.Name, (JsonNode?)Value(schema, f)))),
            _ => field.TypeName switch
            {
                "Int" or "AWSTimestamp" => 7,
                "Float" => 1.5,
                "Boolean" => true,
                "AWSDate" => "2026-01-02",
                "AWSTime" => "12:30:00Z",
                "AWSDateTime" => "2026-01-02T12:30:00.000Z",
                "AWSEmail" => "alice@example.com",
                "AWSJSON" => "{\"a\":1}",
                "AWSURL" => "https://example.com/a",
                "AWSPhone" => "+15555550100",
                "AWSIPAddress" => "127.0.0.1",
                _ => $"{field.Name}-{Guid.NewGuid():N}"[..Math.Min(field.Name.Length + 9, 40)],
            },
        };
        return field.IsList ? new JsonArray(One()) : One();
    }

    private static AuthMode Mode(string mode) => mode switch
    {
        "API_KEY" => AuthMode.Api_Key,
        "AMAZON_COGNITO_USER_POOLS" => AuthMode.Amazon_Cognito_User_Pools,
        _ => AuthMode.OpenId_Connect,
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
