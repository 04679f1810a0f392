using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS014: <c>x.postMessage(data, "*")</c> (or <c>{ targetOrigin: "*" }</c>) to another window, with a message that
/// carries more than constants, in the project's JavaScript (<see cref="ScriptFiles"/>).
/// </summary>
/// <remarks>
/// <para>What counts as another window and as a constant is <see cref="PostMessages"/>'. Reported at the <c>"*"</c>, in
/// the .js, .html, .cshtml or .razor file, line and column exact; a <c>// cors-analyzers-disable-next-line CORS014</c>
/// comment on the line before silences it. No fix: the receiver's origin is the user's knowledge.</para>
/// </remarks>
public sealed class MessageToAnyOriginRule : CorsRule
{
    private const int LongestShownMessage = 60;

    public override DiagnosticDescriptor Descriptor => Descriptors.MessageToAnyOrigin;

    internal override void Start(RuleStart start) => start.OnScriptFile(Analyze);

    private static void Analyze(AdditionalFileAnalysisContext context, ScriptFile file)
    {
        foreach (var program in file.Programs)
        {
            foreach (var post in PostMessages.Find(file, program, context.CancellationToken))
            {
                if (!file.IsDisabledAt(post.Target.Start, RuleIds.MessageToAnyOrigin))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MessageToAnyOrigin,
                        file.LocationOf(post.Target.Start, post.Target.End),
                        file.TextOf(post.Callee),
                        Shorten(file.TextOf(post.Message))));
                }
            }
        }
    }

    /// <summary>The message as written, on one line and cut to a readable length.</summary>
    private static string Shorten(string text)
    {
        var oneLine = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= LongestShownMessage ? oneLine : oneLine.Substring(0, LongestShownMessage - 3) + "...";
    }
}
