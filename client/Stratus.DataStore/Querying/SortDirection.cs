namespace Stratus.DataStore.Querying;

public enum SortDirection
{
    Ascending,
    Descending,
}
