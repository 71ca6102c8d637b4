using System.Text.Json.Serialization;
using System.Text.Json;
using GraphQL.Validation;
using GraphQL;
using Stratus.Schema.AppSync;
using Stratus.Schema.AppSync.Errors;

namespace Stratus.Server.Graphql.Errors;

/// <summary>
/// Writes errors in AppSync's shape: <c>path</c>, <c>data</c>, <c>errorType</c>, <c>errorInfo</c>, <c>locations</c>,
/// <c>message</c>, all top-level (GraphQL for .NET would nest them under <c>extensions</c>).
/// <see cref="AppSyncException"/>s thrown by resolvers give their own type, data, info and message.
/// Errors raised by the engine (parsing, validation, variable coercion) get an <c>errorType</c> naming their class.
/// </summary>
public sealed class AppSyncErrorJsonConverter : JsonConverter<ExecutionError>
{
    public override ExecutionError Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Errors are only written.");

    public override void Write(Utf8JsonWriter writer, ExecutionError value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("path");
        if (value.Path is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Path, options);
        }

        // A resolver's AppSyncException reaches here as the inner exception of the engine's error for that field.
        var appSync = value.InnerException as AppSyncException;
        writer.WritePropertyName("data");
        JsonSerializer.Serialize(writer, appSync?.ErrorData, options);
        writer.WriteString("errorType", appSync?.ErrorType ?? EngineErrorType(value));
        writer.WritePropertyName("errorInfo");
        JsonSerializer.Serialize(writer, appSync?.ErrorInfo, options);
        writer.WritePropertyName("locations");
        writer.WriteStartArray();
        foreach (var location in value.Locations ?? [])
        {
            writer.WriteStartObject();
            writer.WriteNumber("line", location.Line);
            writer.WriteNumber("column", location.Column);
            writer.WriteNull("sourceName");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("message", appSync?.Message ?? value.Message);
        writer.WriteEndObject();
    }

    private static readonly string[] ServerOwnedFields = [SyncFields.LastChangedAt, SyncFields.Deleted, SyncFields.Ttl];

    private static string EngineErrorType(ExecutionError error) => error switch
    {
        // AppSync: a client that tries to set sync metadata gets BadRequest (conflict-detection docs).
        ValidationError when ServerOwnedFields.Any(f => error.Message.Contains($"'{f}'", StringComparison.Ordinal))
            && (error.Message.Contains("Unknown field", StringComparison.Ordinal) || error.Message.Contains("Unrecognized input field", StringComparison.Ordinal)) => "BadRequest",
        ValidationError => "ValidationError",
        GraphQL.Execution.DocumentError => "MalformedHttpRequestException",
        _ when error.InnerException is not null => "InternalFailure",
        _ => "ValidationError",
    };
}
