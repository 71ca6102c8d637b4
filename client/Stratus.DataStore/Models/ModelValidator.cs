using System.Collections;
using Stratus.DataStore.Exceptions;
using Stratus.Schema.Model;
using Stratus.Schema.Scalars;

namespace Stratus.DataStore.Models;

/// <summary>
/// Checks a record against its schema before anything is written: required fields (server-set, implicit and
/// defaulted ones excepted), non-null list elements where the type says <c>[T!]</c>, AppSync's scalar rules for the string-typed
/// AWS scalars, finite floats, and the same inside non-model values.
/// </summary>
internal sealed class ModelValidator(ModelCatalog catalog)
{
    public void Validate(ModelInfo model, object instance)
    {
        foreach (var field in model.Fields)
        {
            Check(model.Name, field, field.Get(instance), isKey: model.Keys.Contains(field));
        }
    }

    private void Check(string owner, FieldMapping mapping, object? value, bool isKey)
    {
        var field = mapping.Field;
        if (value is null || (isKey && value is ""))
        {
            // A field with @default gets its value from the server when the record is created.
            if (isKey || (field.IsRequired && !field.IsReadOnly && !field.IsImplicit && field.DefaultValue is null))
            {
                throw new ModelValidationException(owner, field.Name, $"is required ({field.GraphQLType}) but {(value is null ? "null" : "empty")}.");
            }

            return;
        }

        if (field.IsList && value is IEnumerable list and not string)
        {
            foreach (var element in list)
            {
                if (element is null)
                {
                    if (field.IsListElementRequired)
                    {
                        throw new ModelValidationException(owner, field.Name, $"holds a null element, but its type {field.GraphQLType} forbids it.");
                    }

                    continue;
                }

                Single(owner, field, element);
            }

            return;
        }

        Single(owner, field, value);
    }

    private void Single(string owner, FieldDefinition field, object value)
    {
        switch (value)
        {
            case string text when field.Scalar is { } scalar && !AwsScalars.IsValidString(scalar, text):
                throw new ModelValidationException(owner, field.Name, AwsScalars.InvalidMessage(scalar, text));
            case double number when double.IsNaN(number) || double.IsInfinity(number):
                throw new ModelValidationException(owner, field.Name, $"{number} is not a valid Float; AppSync floats are finite.");
        }

        if (field.Kind == FieldKind.Embedded)
        {
            foreach (var inner in catalog.Embedded[field.TypeName])
            {
                Check($"{owner}.{field.Name}", inner, inner.Get(value), isKey: false);
            }
        }
    }
}
