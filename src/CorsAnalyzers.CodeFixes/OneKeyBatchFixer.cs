using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CorsAnalyzers;

/// <summary>
/// Roslyn's batch Fix All for a fixer that offers one kind of fix (one equivalence key). A bulk tool may ask without a
/// key: <c>dotnet format analyzers</c> takes the key from the fix of the first diagnostic it holds, and since every rule
/// of the package is reported by one analyzer, that diagnostic may be another rule's, which this fixer has no fix for.
/// Roslyn's batch fixer then keeps only fixes without a key, which is none; here a missing key means this fixer's key.
/// </summary>
internal sealed class OneKeyBatchFixer : FixAllProvider
{
    private readonly string _equivalenceKey;

    public OneKeyBatchFixer(string equivalenceKey) => _equivalenceKey = equivalenceKey;

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => WellKnownFixAllProviders.BatchFixer.GetSupportedFixAllScopes();

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey is null)
        {
            var provider = new SameDiagnostics(fixAllContext);
            fixAllContext = fixAllContext.Document is { } document
                ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, _equivalenceKey, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken)
                : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, _equivalenceKey, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken);
        }

        return WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext);
    }

    /// <summary>The diagnostics the original request would have fixed.</summary>
    private sealed class SameDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllContext _original;

        public SameDiagnostics(FixAllContext original) => _original = original;

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, System.Threading.CancellationToken cancellationToken)
            => await _original.GetAllDiagnosticsAsync(project).ConfigureAwait(false);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, System.Threading.CancellationToken cancellationToken)
            => await _original.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, System.Threading.CancellationToken cancellationToken)
            => await _original.GetProjectDiagnosticsAsync(project).ConfigureAwait(false);
    }
}
