using System.Data.Common;

namespace Stratus.Server.Storage;

/// <summary>Collects positional parameters (<c>@p0</c>, <c>@p1</c>...) for one command.</summary>
public sealed class SqlParameters
{
    private readonly List<(string Name, object? Value)> _values = [];

    public string Add(object? value)
    {
        var name = "@p" + _values.Count;
        _values.Add((name, value));
        return name;
    }

    public void ApplyTo(DbCommand command)
    {
        foreach (var (name, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }
}
