using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>Removes one item of a comma-separated list (arguments, initializer elements, attribute arguments) and keeps the layout.</summary>
internal static class ListItems
{
    /// <summary>
    /// The list without <paramref name="item"/>. The separator after it goes with it; for the last item (no trailing comma)
    /// the separator before it goes, and the item before takes over the removed item's trailing trivia (the line break
    /// before the closing token).
    /// </summary>
    public static SeparatedSyntaxList<T> Remove<T>(SeparatedSyntaxList<T> list, T item)
        where T : SyntaxNode
    {
        var index = list.IndexOf(item);
        var result = list.RemoveAt(index);
        if (index == list.Count - 1 && index > 0 && list.SeparatorCount < list.Count)
        {
            var previous = result[index - 1];
            result = result.Replace(previous, previous.WithTrailingTrivia(previous.GetTrailingTrivia().AddRange(item.GetTrailingTrivia())));
        }

        return result;
    }
}
