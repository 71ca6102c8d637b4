using Microsoft.Extensions.Configuration;
using Stratus.Schema.AppSync;
using Stratus.Schema.Introspection;
using Stratus.Server.Hosting;

namespace Stratus.Cli.Commands;

/// <summary><c>stratus schema print</c> and <c>stratus schema introspection</c>: what a schema becomes, on standard output.</summary>
internal static class SchemaCommands
{
    public static Task<int> PrintAsync(IReadOnlyDictionary<string, string> settings)
    {
        var schema = SchemaLoader.Load(settings.GetValueOrDefault("Stratus:Schema"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();
        Console.Write(AppSyncSdlWriter.Write(schema, AuthModeProviders.For(ServeCommand.Options(configuration))));
        return Task.FromResult(0);
    }

    public static Task<int> IntrospectionAsync(IReadOnlyDictionary<string, string> settings)
    {
        Console.Write(ModelIntrospectionWriter.Write(SchemaLoader.Load(settings.GetValueOrDefault("Stratus:Schema"))));
        return Task.FromResult(0);
    }
}
