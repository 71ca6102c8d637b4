using System.Text;

namespace Stratus.Schema.AppSync;

/// <summary>Accumulates SDL blocks with two-space indentation, the way AppSync prints schemas.</summary>
internal sealed class SdlText
{
    private readonly StringBuilder _text = new();

    public void Block(string header, IEnumerable<string> lines)
    {
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append(header).Append(" {\n");
        foreach (var line in lines)
        {
            _text.Append("  ").Append(line).Append('\n');
        }

        _text.Append("}\n");
    }

    /// <summary>A definition printed as written.</summary>
    public void Raw(string definition)
    {
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append(definition.Trim()).Append('\n');
    }

    public override string ToString() => _text.ToString();
}
