namespace Stratus.Schema.Filters;

/// <summary>A filter the server or the client cannot evaluate; the message names the field and operator.</summary>
public sealed class FilterException(string message) : Exception(message);
