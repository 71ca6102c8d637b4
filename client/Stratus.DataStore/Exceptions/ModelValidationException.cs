namespace Stratus.DataStore.Exceptions;

/// <summary>A record breaks the schema: a required field is null, or a value breaks its scalar's rule (AWSEmail, AWSURL...).</summary>
public sealed class ModelValidationException(string model, string field, string message)
    : DataStoreException($"{model}.{field}: {message}")
{
    public string Model { get; } = model;

    public string Field { get; } = field;
}
