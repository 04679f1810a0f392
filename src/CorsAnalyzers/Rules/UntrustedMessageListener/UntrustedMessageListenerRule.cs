using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS013: a window <c>message</c> listener that acts on a message no exact check of its origin guards, in the
/// project's JavaScript (<see cref="ScriptFiles"/>).
/// </summary>
/// <remarks>
/// <para>Which listeners, and which checks are exact, is <see cref="MessageListeners"/>' (the rule's engine). Reported
/// where the engine says, in the .js, .html, .cshtml or .razor file, line and column exact; a
/// <c>// cors-analyzers-disable-next-line CORS013</c> comment on the line before silences it.</para>
/// <para>No fix: Roslyn can fix an additional document only in the IDE, and <c>dotnet format</c> (the README's fix command)
/// only applies fixes to diagnostics in C# source (see the rule's page).</para>
/// </remarks>
public sealed class UntrustedMessageListenerRule : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.UntrustedMessageListener;

    internal override void Start(RuleStart start) => start.OnScriptFile(Analyze);

    private static void Analyze(AdditionalFileAnalysisContext context, ScriptFile file)
    {
        // A page's own <script> is never a worker; inexact matches are judged with CORS003's options for the file; reasons
        // quote the code as the file writes it (Razor as written, not the reader's stand-in).
        var inPage = ScriptMarkup.KindOf(file.Path) != ScriptFileKind.JavaScript;
        var patterns = OriginPatterns.FromOptions(context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.AdditionalFile));
        foreach (var program in file.Programs)
        {
            foreach (var finding in MessageListeners.Find(program, inPage, patterns, file.TextOf, context.CancellationToken))
            {
                if (finding.Start >= 0 && finding.End <= file.Text.Length && finding.Start <= finding.End
                    && !file.IsDisabledAt(finding.Start, RuleIds.UntrustedMessageListener))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UntrustedMessageListener, file.LocationOf(finding.Start, finding.End), finding.Reason));
                }
            }
        }
    }
}
