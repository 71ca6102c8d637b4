using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Values;

/// <summary>The compiled accessors every read and write of a record goes through.</summary>
public sealed class FieldMappingTests
{
    [Fact]
    public async Task Fields_are_read_and_written_and_null_sets_a_required_number_to_zero_as_reflection_does()
    {
        await using var client = TempStore.Create();
        var info = client.Store.Catalog.Get(typeof(Order));
        var order = new Order { CustomerId = "c1", OrderedOn = new DateOnly(2026, 12, 1), Number = 7, Total = 2.5 };

        Assert.Equal((7, 2.5), (info.Field("number").Get(order), info.Field("total").Get(order)));

        info.Field("number").Set(order, null);
        info.Field("total").Set(order, null);
        info.Field("customerId").Set(order, "c2");

        Assert.Equal((0, (double?)null, "c2"), (order.Number, order.Total, order.CustomerId));
    }
}
