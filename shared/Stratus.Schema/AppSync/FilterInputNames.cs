using Stratus.Schema.Model;

namespace Stratus.Schema.AppSync;

/// <summary>
/// Which generated scalar filter input a field uses (amplify-graphql-model-transformer
/// <c>graphql-types/common.ts</c>): AWS string-like scalars filter as String, AWSTimestamp as Int,
/// list fields use their element's scalar input, enums get <c>Model{Enum}Input</c> / <c>Model{Enum}ListInput</c>.
/// </summary>
public static class FilterInputNames
{
    public static string ScalarFamily(ScalarType scalar) => scalar switch
    {
        ScalarType.ID => "ID",
        ScalarType.Int or ScalarType.AWSTimestamp => "Int",
        ScalarType.Float => "Float",
        ScalarType.Boolean => "Boolean",
        _ => "String",
    };

    public static string For(FieldDefinition field) => field.Kind == FieldKind.Enum
        ? $"Model{field.TypeName}{(field.IsList ? "List" : "")}Input"
        : $"Model{ScalarFamily(field.Scalar!.Value)}Input";

    public static string ForSubscription(FieldDefinition field) => field.Kind == FieldKind.Enum
        ? "ModelSubscriptionStringInput"
        : $"ModelSubscription{ScalarFamily(field.Scalar!.Value)}Input";

    public static string KeyCondition(FieldDefinition field) => field.Kind == FieldKind.Enum
        ? "ModelStringKeyConditionInput"
        : $"Model{ScalarFamily(field.Scalar!.Value)}KeyConditionInput";

    /// <summary>Fields that appear in filter and condition inputs: stored scalars and enums.</summary>
    public static bool IsFilterable(FieldDefinition field) => field.Kind is FieldKind.Scalar or FieldKind.Enum;
}
