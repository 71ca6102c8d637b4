using System.Net;
using Stratus.Server.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Stratus.Deployment.Tests;

/// <summary>The k8s example parses, its names and ports agree with the image, and its probes hit real endpoints.</summary>
public sealed class KubernetesManifestTests
{
    private static List<YamlMappingNode> Documents()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Repository.File("infra", "k8s"), "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            documents.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }

        return documents;
    }

    private static YamlMappingNode Find(List<YamlMappingNode> documents, string kind, string name) =>
        documents.Single(d => Scalar(d, "kind") == kind && Scalar(Map(d, "metadata"), "name") == name);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    [Fact]
    public void Deployment_runs_two_replicas_on_the_image_port_with_the_postgres_backplane()
    {
        var documents = Documents();
        var deployment = Find(documents, "Deployment", "stratus");
        var spec = Map(deployment, "spec");
        var container = (YamlMappingNode)Seq(Map(Map(spec, "template"), "spec"), "containers")[0];

        Assert.True(int.Parse(Scalar(spec, "replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var port = (YamlMappingNode)Seq(container, "ports")[0];
        Assert.Equal("8080", Scalar(port, "containerPort"));
        Assert.Contains("EXPOSE 8080", File.ReadAllText(Repository.File("infra", "Dockerfile")), StringComparison.Ordinal);
        Assert.Contains(":8080\"", File.ReadAllText(Repository.File("docker-compose.yml")), StringComparison.Ordinal);
        var env = Seq(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name")!);
        Assert.Equal("Postgres", Scalar(env["Stratus__SubscriptionBus"], "value"));

        var secret = Find(documents, "Secret", "stratus-secrets");
        var secretKeys = Map(secret, "stringData").Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        foreach (var reference in env.Values.Where(e => e.Children.ContainsKey(new YamlScalarNode("valueFrom"))))
        {
            var secretRef = Map(Map(reference, "valueFrom"), "secretKeyRef");
            Assert.Equal("stratus-secrets", Scalar(secretRef, "name"));
            Assert.Contains(Scalar(secretRef, "key"), secretKeys);
        }

        var service = Find(documents, "Service", "stratus");
        Assert.Equal(Scalar(port, "name"), Scalar((YamlMappingNode)Seq(Map(service, "spec"), "ports")[0], "targetPort"));
        Assert.Equal(Scalar(Map(Map(Map(spec, "template"), "metadata"), "labels"), "app"), Scalar(Map(Map(service, "spec"), "selector"), "app"));
    }

    [Fact]
    public async Task Probes_point_at_endpoints_that_answer()
    {
        var container = (YamlMappingNode)Seq(Map(Map(Map(Find(Documents(), "Deployment", "stratus"), "spec"), "template"), "spec"), "containers")[0];
        var paths = new[] { "livenessProbe", "readinessProbe" }.Select(p => Scalar(Map(Map(container, p), "httpGet"), "path")!).ToList();

        await using var server = await StratusTestServer.StartAsync(SqliteFiles.New(), Stratus.Server.Hosting.SchemaLoader.SamplePath);
        foreach (var path in paths)
        {
            var response = await server.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }

        Assert.Equal(["/health", "/health/ready"], paths);
    }
}
