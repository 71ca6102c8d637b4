namespace Stratus.DataStore.Exceptions;

/// <summary>
/// The GraphQL API did not answer (network, HTTP 5xx, throttling) even after retries. Nothing local is lost:
/// every change stays queued and is sent once the server answers again.
/// </summary>
public sealed class ServerUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
