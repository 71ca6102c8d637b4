using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Configurations;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests, found in this order: a connection string in
/// <c>Stratus__Test__Postgres</c>; a Testcontainers container when a Docker engine answers; a throwaway cluster
/// made with <c>initdb</c>/<c>pg_ctl</c> on a temp dir and a free loopback port. If none works the tests fail
/// loudly, never skip. Each test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgreSqlContainer? _container;
    private readonly LocalCluster? _cluster;
    private int _databases;

    private PostgresServer(string adminConnectionString, string source, PostgreSqlContainer? container = null, LocalCluster? cluster = null)
    {
        AdminConnectionString = adminConnectionString;
        Source = source;
        _container = container;
        _cluster = cluster;
    }

    public string AdminConnectionString { get; }

    /// <summary>Which of the three ways found the server: environment, testcontainers or initdb.</summary>
    public string Source { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("Stratus__Test__Postgres");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new PostgresServer(fromEnvironment, "environment");
        }

        var failures = new List<string>();
        if (Environment.GetEnvironmentVariable("Stratus__Test__SkipContainers") != "true")
        {
            try
            {
                var container = await StartContainerAsync();
                return new PostgresServer(container.GetConnectionString(), "testcontainers", container: container);
            }
            catch (Exception e)
            {
                failures.Add("Testcontainers: " + e.GetBaseException().Message);
            }
        }

        try
        {
            var cluster = await LocalCluster.StartAsync();
            return new PostgresServer(cluster.ConnectionString, "initdb", cluster: cluster);
        }
        catch (Exception e)
        {
            failures.Add("initdb/pg_ctl: " + e.GetBaseException().Message);
        }

        throw new InvalidOperationException(
            "No PostgreSQL server for the tests. Set Stratus__Test__Postgres, start a Docker engine, or install the PostgreSQL binaries (Debian: postgresql).\n"
            + string.Join("\n", failures));
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"stratus_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A PostgreSQL container as the tests configure it; <paramref name="hostPort"/> pins the published port.</summary>
    public static PostgreSqlContainer BuildContainer(int? hostPort = null)
    {
        Environment.SetEnvironmentVariable("DOCKER_API_VERSION", Environment.GetEnvironmentVariable("DOCKER_API_VERSION") ?? "1.41");
        TestcontainersSettings.ResourceReaperEnabled = false;
        TestcontainersSettings.DockerHostOverride = Environment.GetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE") ?? "127.0.0.1";
        var image = Environment.GetEnvironmentVariable("Stratus__Test__PostgresImage") ?? "postgres:15";
        var builder = new PostgreSqlBuilder(image)
            // As many connections as the throwaway cluster allows: many test servers come and go on one instance.
            .WithCommand("-c", "max_connections=300")
            .WithCreateParameterModifier(p =>
            {
                foreach (var binding in p.HostConfig!.PortBindings!.Values.SelectMany(b => b))
                {
                    binding.HostIP = "127.0.0.1";
                }
            })
            .WithLabel("stratus.test-run", Environment.GetEnvironmentVariable("Stratus__Test__RunId") ?? "local");
        if (hostPort is { } port)
        {
            builder = builder.WithPortBinding(port, PostgreSqlBuilder.PostgreSqlPort);
        }

        return builder.Build();
    }

    private static async Task<PostgreSqlContainer> StartContainerAsync()
    {
        var container = BuildContainer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await container.StartAsync(timeout.Token);
        return container;
    }

    /// <summary>A cluster of its own from the PostgreSQL binaries (as the postgres user when running as root).</summary>
    public sealed class LocalCluster : IAsyncDisposable
    {
        private readonly string _directory;
        private readonly string _binaries;
        private readonly bool _asPostgres;

        private readonly int _port;

        private LocalCluster(string directory, string binaries, bool asPostgres, int port, string connectionString)
        {
            _directory = directory;
            _binaries = binaries;
            _asPostgres = asPostgres;
            _port = port;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        public static async Task<LocalCluster> StartAsync()
        {
            var binaries = FindBinaries() ?? throw new InvalidOperationException("initdb and pg_ctl were not found (install Debian's postgresql package).");
            var directory = Path.Combine(Path.GetTempPath(), "stratus-pg-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var asPostgres = Environment.UserName == "root";
            if (asPostgres)
            {
                await RunAsync("chown", $"postgres \"{directory}\"", asPostgres: false, binaries: "");
            }

            var port = FreePort();
            var data = Path.Combine(directory, "data");
            await RunAsync(Path.Combine(binaries, "initdb"), $"-D \"{data}\" -U postgres -A trust --no-sync -E UTF8", asPostgres, binaries);
            var cluster = new LocalCluster(directory, binaries, asPostgres, port, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
            await cluster.StartAgainAsync();
            return cluster;
        }

        /// <summary>Starts the (stopped) cluster again on the same port.</summary>
        public Task StartAgainAsync() => RunAsync(Path.Combine(_binaries, "pg_ctl"),
            $"-D \"{Path.Combine(_directory, "data")}\" -l \"{Path.Combine(_directory, "log")}\" -w -t 60 -o \"-p {_port} -h 127.0.0.1 -k {_directory} -c fsync=off -c max_connections=300\" start",
            _asPostgres, _binaries);

        /// <summary>Stops the cluster at once, as a crashed database would be.</summary>
        public Task StopAsync() => RunAsync(Path.Combine(_binaries, "pg_ctl"), $"-D \"{Path.Combine(_directory, "data")}\" -m immediate -w stop", _asPostgres, _binaries);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            Directory.Delete(_directory, recursive: true);
        }

        private static string? FindBinaries()
        {
            var candidates = new List<string>();
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
            }

            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'));
            return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task RunAsync(string file, string arguments, bool asPostgres, string binaries)
        {
            var start = asPostgres
                ? new ProcessStartInfo("runuser", $"-u postgres -- \"{file}\" {arguments}")
                : new ProcessStartInfo(file, arguments);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.WorkingDirectory = Path.GetTempPath();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
            }
        }
    }
}
