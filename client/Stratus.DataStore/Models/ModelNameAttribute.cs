namespace Stratus.DataStore.Models;

/// <summary>Names the schema model a generated class stands for.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
