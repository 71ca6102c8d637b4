using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stratus.Schema.Model;
using Stratus.Server.Auth;
using Stratus.Server.Conflicts;
using Stratus.Server.Graphql;
using Stratus.Schema.AppSync.Errors;
using Stratus.Server.Graphql.Errors;
using Stratus.Server.Graphql.Relationships;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Npgsql;
using Stratus.Server.Observability;
using Stratus.Server.Realtime;
using Stratus.Server.Realtime.Bus;
using Stratus.Server.Realtime.Bus.Postgres;
using Stratus.Server.Storage;
using Stratus.Server.Storage.Postgres;
using Stratus.Server.Storage.Sqlite;
using Stratus.Server.Sync;
using Stratus.Server.AdminConsole;

namespace Stratus.Server.Hosting;

/// <summary>Every seam of the server in one place: <c>AddStratus</c> registers, <c>MapStratus</c> maps the endpoints.</summary>
public static class StratusServiceCollectionExtensions
{
    /// <summary>
    /// Registers Stratus: options from the <c>Stratus</c> section then <paramref name="configure"/>, the schema,
    /// storage (SQLite or PostgreSQL by connection string), sync resolvers, the GraphQL engine and the sweeper.
    /// </summary>
    public static IServiceCollection AddStratus(this IServiceCollection services, IConfiguration configuration, Action<StratusOptions>? configure = null)
    {
        services.AddOptions<StratusOptions>()
            .Bind(configuration.GetSection(StratusOptions.Section))
            .Configure(o => configure?.Invoke(o))
            .Validate(o => o.DeltaTtl > 0, "Stratus:DeltaTtl (--delta-ttl) must be a positive number of minutes.")
            .Validate(o => o.TombstoneTtl > 0, "Stratus:TombstoneTtl (--tombstone-ttl) must be a positive number of minutes.")
            .Validate(o => !o.AdditionalAuthModes.Prepend(o.AuthMode).Any(m => m != AuthMode.Api_Key) || o.OidcIssuer is not null || (o.CognitoUserPoolId is not null && o.CognitoRegion is not null),
                "OPENID_CONNECT needs Stratus:OidcIssuer (--oidc-issuer); AMAZON_COGNITO_USER_POOLS needs --cognito-user-pool-id and --cognito-region.")
            .Validate(o => o.OidcJwks is null || File.Exists(o.OidcJwks), "Stratus:OidcJwks (--oidc-jwks) names a file that does not exist.")
            .Validate(o => o.SubscriptionBus != SubscriptionBusKind.Postgres || IsPostgres(o.Database),
                "Stratus:SubscriptionBus=Postgres needs a PostgreSQL database (Stratus:Database / --database Host=...).")
            .Validate(o => o.KeepAliveInterval is > 0 and <= 60, "Stratus:KeepAliveInterval must be 1-60 seconds (AppSync clients expect a ka at least every 60 s).")
            .Validate(o => o.ConflictLogDays > 0, "Stratus:ConflictLogDays (--conflict-log-days) must be a positive number of days.")
            .Validate(o => o.ConsoleTestSigningKey is null || File.Exists(o.ConsoleTestSigningKey), "Stratus:ConsoleTestSigningKey (--console-test-signing-key) names a file that does not exist.")
            .Validate(o => o.LambdaTimeout > 0, "Stratus:LambdaTimeout must be a positive number of seconds.")
            .Validate(o => o.LambdaUrl is null || Uri.TryCreate(o.LambdaUrl, UriKind.Absolute, out _), "Stratus:LambdaUrl (--lambda-url) must be an absolute http(s) URL.")
            .Validate(o => new[] { o.MaxDocumentLength, o.MaxParseDepth, o.MaxDocumentNodes, o.MaxSelectionFields, o.MaxDirectives, o.MaxExpandedFields, o.MaxExecutionSeconds, o.MaxErrors, o.DocumentCacheCharacters }.All(v => v > 0),
                "Stratus:MaxDocumentLength, MaxParseDepth, MaxDocumentNodes, MaxSelectionFields, MaxDirectives, MaxExpandedFields, MaxExecutionSeconds, MaxErrors and DocumentCacheCharacters must be positive.")
            .Validate(o => o.ShutdownDrainSeconds >= 0 && o.DegradedRequestSeconds > 0 && o.DegradedRunningRequests > 0 && o.DegradedThreadPoolQueue > 0,
                "Stratus:ShutdownDrainSeconds must be 0 or more, and DegradedRequestSeconds, DegradedRunningRequests and DegradedThreadPoolQueue positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SchemaLoader.Load(sp.GetRequiredService<IOptions<StratusOptions>>().Value.Schema));
        services.TryAddSingleton<IDbContextFactory<StratusDbContext>, StratusDbContextFactory>();
        services.TryAddSingleton<ISqlDialect>(sp => IsPostgres(sp.GetRequiredService<IOptions<StratusOptions>>().Value.Database) ? new PostgresDialect() : new SqliteDialect());
        services.TryAddSingleton<ConnectionFactory>();
        services.TryAddSingleton<ItemStore>();
        services.TryAddSingleton<ServerKeys>();
        services.TryAddSingleton<NextTokenCodec>();
        services.TryAddSingleton<ConflictPolicy>();
        services.AddHttpClient(nameof(LambdaWebhookHandler));
        services.TryAddSingleton<LambdaWebhookHandler>();
        // A host app's own IConflictHandler, registered before or after AddStratus, takes precedence.
        services.TryAddSingleton<IConflictHandler>(sp => sp.GetRequiredService<LambdaWebhookHandler>());
        services.TryAddSingleton<SyncQueries>();
        services.TryAddSingleton<SyncMutations>();
        services.TryAddSingleton<RelationshipResolvers>();
        services.TryAddSingleton<StratusSchemaFactory>();
        services.TryAddSingleton(sp => sp.GetRequiredService<StratusSchemaFactory>().Create());
        services.TryAddSingleton<IDocumentExecuter>(sp => new DocumentExecuter(
            new GraphQLDocumentBuilder { MaxDepth = 256 },
            new GraphQL.Validation.DocumentValidator(),
            new DefaultExecutionStrategySelector(
            [
                new ExecutionStrategyRegistration(new Graphql.Pages.PageWritingExecutionStrategy(StratusSchemaFactory.DictionaryResolver), GraphQLParser.AST.OperationType.Query),
                new ExecutionStrategyRegistration(new Realtime.SharedEventExecutionStrategy(sp.GetRequiredService<IGraphQLTextSerializer>(), sp.GetRequiredService<ModelSchema>()), GraphQLParser.AST.OperationType.Subscription),
            ]),
            []));
        services.TryAddSingleton<IGraphQLTextSerializer>(new GraphQLSerializer(o =>
        {
            o.Converters.Add(new AppSyncErrorJsonConverter());
            o.Converters.Add(new Graphql.Pages.RawJsonConverter());
        }));
        services.TryAddSingleton<ApiKeyStore>();
        services.AddHttpClient(nameof(JwtAuthenticator));
        services.TryAddSingleton<JwtAuthenticator>();
        services.TryAddSingleton<RequestAuthenticator>();
        services.TryAddSingleton<Auth.Rules.AuthorizationPolicy>();
        services.AddStratusRateLimits();
        services.TryAddSingleton<PreparedDocuments>();
        services.TryAddSingleton<StratusExecutor>();
        services.TryAddSingleton<GraphqlEndpoint>();
        services.TryAddSingleton<InMemorySubscriptionBus>();
        services.TryAddSingleton<PostgresSubscriptionBus>();
        services.TryAddSingleton<ISubscriptionBus>(sp => sp.GetRequiredService<IOptions<StratusOptions>>().Value.SubscriptionBus == SubscriptionBusKind.Postgres
            ? sp.GetRequiredService<PostgresSubscriptionBus>()
            : sp.GetRequiredService<InMemorySubscriptionBus>());
        services.TryAddSingleton<SubscriptionStreams>();
        services.TryAddSingleton<RealtimeEndpoint>();
        services.TryAddSingleton<StratusTelemetry>();
        services.TryAddSingleton<Observability.RequestLoad>();
        services.TryAddSingleton<ShutdownDrain>();
        // The host waits for the drain (plus time to close real-time connections) before it gives up on shutdown.
        services.AddOptions<HostOptions>().Configure<IOptions<StratusOptions>>((host, stratus) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(host.ShutdownTimeout.TotalSeconds, stratus.Value.ShutdownDrainSeconds + 10)));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<Observability.RequestLoadHealthCheck>("load", tags: ["ready"]);
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                // The exporter only buffers; /metrics is mapped when Stratus:Prometheus is on.
                metrics.AddMeter(StratusTelemetry.Name).AddAspNetCoreInstrumentation().AddPrometheusExporter();
            })
            .WithTracing(tracing => tracing.AddSource(StratusTelemetry.Name).AddAspNetCoreInstrumentation().AddNpgsql());
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        services.AddHttpContextAccessor();
        services.TryAddSingleton<RealtimeConnections>();
        services.TryAddSingleton<AdminConsole.ConflictLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminConsole.ConflictLog>());
        services.TryAddSingleton<AdminConsole.ClientActivity>();
        services.TryAddSingleton<AdminConsole.MetricsHistory>();
        services.TryAddSingleton<AdminConsole.AdminCredentials>();
        services.TryAddSingleton<AdminConsole.ConsoleAuthenticator>();
        services.TryAddSingleton<AdminConsole.ConsoleTokens>();
        services.TryAddSingleton<AdminConsole.AdminGraphql>();
        services.AddHostedService<StartupInitializer>();
        services.AddHostedService<SubscriptionBusStarter>();
        services.AddHostedService<Sweeper>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST /graphql</c>, <c>GET /graphql/realtime</c> (WebSocket), <c>GET /health</c> (liveness),
    /// <c>GET /health/ready</c> (database reachable, migrations applied, not overloaded; JSON with each check's
    /// description) and, when enabled, <c>/metrics</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapStratus(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets();
            app.UseRateLimiter();
        }

        endpoints.MapPost("/graphql", (HttpContext http, GraphqlEndpoint endpoint) => endpoint.HandleAsync(http)).RequireRateLimiting(RequestRateLimits.Policy);
        endpoints.Map("/graphql/realtime", (HttpContext http, RealtimeEndpoint endpoint) => endpoint.HandleAsync(http)).RequireRateLimiting(RequestRateLimits.Policy);
        // Liveness answers as long as the process serves requests; readiness also needs the database.
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        // Degraded is 503 too: a replica that is overloaded should get no new traffic.
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Healthy] = StatusCodes.Status200OK, [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
            ResponseWriter = Observability.HealthReportWriter.WriteAsync,
        });
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<StratusOptions>>().Value;
        if (options.Prometheus)
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics");
        }

        if (options.Console)
        {
            // Listening from the start, so the charts cover the time before the first console visit.
            endpoints.ServiceProvider.GetRequiredService<AdminConsole.MetricsHistory>();
            endpoints.MapStratusConsole();
        }

        return endpoints;
    }

    public static bool IsPostgres(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) || connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
}
