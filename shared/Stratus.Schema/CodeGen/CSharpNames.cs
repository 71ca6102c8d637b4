using Stratus.Schema.Model;

namespace Stratus.Schema.CodeGen;

/// <summary>
/// How schema names become C# names. The generated code and the DataStore's runtime mapping both call this, so a
/// field always finds its property: <c>title</c> becomes <c>Title</c>; a field named like its type or like an
/// inherited member (<c>toString</c>) gets a <c>Value</c> suffix; keywords are escaped with <c>@</c>.
/// </summary>
public static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    // Members every generated model inherits (object's and StratusModel's), which a property must not hide.
    private static readonly HashSet<string> Inherited = new(StringComparer.Ordinal)
    {
        "ToString", "GetType", "Equals", "GetHashCode", "MemberwiseClone", "Finalize", "ReferenceEquals", "StratusReference", "StratusCollection",
    };

    /// <summary>The property that holds <paramref name="field"/> in the class generated for <paramref name="typeName"/>.</summary>
    public static string Property(string typeName, string field)
    {
        var name = char.ToUpperInvariant(field[0]) + field.Substring(1);
        return name == typeName || Inherited.Contains(name) ? name + "Value" : name;
    }

    /// <summary>An identifier as written in C# source (keywords escaped).</summary>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>The C# type of a stored scalar, without nullability.</summary>
    public static string Scalar(ScalarType scalar) => scalar switch
    {
        ScalarType.Int => "int",
        ScalarType.Float => "double",
        ScalarType.Boolean => "bool",
        ScalarType.AWSTimestamp => "long",
        ScalarType.AWSDate => "global::System.DateOnly",
        // Text-backed, so a value keeps its offset and digits exactly as written.
        ScalarType.AWSTime => "global::Stratus.DataStore.Models.AwsTime",
        ScalarType.AWSDateTime => "global::Stratus.DataStore.Models.AwsDateTime",
        _ => "string",
    };
}
