using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>What one call or assignment does to a CORS policy.</summary>
internal enum PolicyStepKind
{
    /// <summary><c>WithOrigins(...)</c>, <c>new CorsPolicyBuilder(origins)</c>, <c>CorsPolicy.Origins.Add(o)</c>, Web API <c>new EnableCorsAttribute(origins, ...)</c>.</summary>
    AddOrigins,

    /// <summary><c>AllowAnyOrigin()</c>: the origins become exactly <c>"*"</c>.</summary>
    AllowAnyOrigin,

    /// <summary><c>CorsPolicy.Origins.Clear()</c>.</summary>
    ClearOrigins,

    /// <summary><c>SetIsOriginAllowed(f)</c> or <c>CorsPolicy.IsOriginAllowed = f</c>: replaces the origin check.</summary>
    SetOriginPredicate,

    /// <summary><c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>: replaces the origin check with the subdomain one.</summary>
    AllowWildcardSubdomains,

    /// <summary><c>AllowCredentials()</c>, <c>DisallowCredentials()</c>, <c>SupportsCredentials = ...</c>.</summary>
    SetCredentials,
}

/// <summary>One string that flows into an origin list, and the expression it came from (a literal, a constant, ...).</summary>
internal readonly struct OriginValue
{
    public OriginValue(string? value, IOperation source)
    {
        Value = value;
        Source = source;
    }

    /// <summary>The string, or <see langword="null"/> when it is not a constant.</summary>
    public string? Value { get; }

    /// <summary>The expression that gives the string (what a rule reports).</summary>
    public IOperation Source { get; }
}

/// <summary>The strings that make up an origin list, as far as they can be seen.</summary>
internal readonly struct OriginList
{
    public OriginList(ImmutableArray<OriginValue> values, bool isComplete, IOperation? anyOriginBranch = null, IOperation? reflectedOrigin = null)
    {
        Values = values;
        IsComplete = isComplete;
        AnyOriginBranch = anyOriginBranch;
        ReflectedOrigin = reflectedOrigin;
    }

    /// <summary>
    /// The request's own Origin put into the list with no check on the way (a policy built per request, as in an
    /// <c>ICorsPolicyProvider</c>): the list then allows every origin, like <c>["*"]</c> but echoed.
    /// </summary>
    public IOperation? ReflectedOrigin { get; }

    internal OriginList WithReflectedOrigin(IOperation? reflected)
        => reflected is null ? this : new OriginList(Values, IsComplete, AnyOriginBranch, reflected);

    /// <summary>
    /// A branch of <c>??</c> or <c>?:</c> (directly or through a local's initializer) that is exactly <c>["*"]</c>:
    /// <c>WithOrigins(configured ?? new[] { "*" })</c> is any-origin whenever that branch is taken.
    /// </summary>
    public IOperation? AnyOriginBranch { get; }

    /// <summary>The strings seen (never default for a list made by <see cref="CorsPolicies.GetStrings"/>).</summary>
    public ImmutableArray<OriginValue> Values { get; }

    /// <summary>False when some entries could not be resolved or the list is changed elsewhere.</summary>
    public bool IsComplete { get; }

    /// <summary>True when the list is known to be exactly <c>["*"]</c>, the framework's any-origin.</summary>
    public bool IsExactlyAnyOrigin => IsComplete && !Values.IsDefault && Values.Length == 1 && Values[0].Value == "*";

    /// <summary>True when the list is, or on some path becomes, exactly <c>["*"]</c>.</summary>
    public bool MayBeExactlyAnyOrigin => IsExactlyAnyOrigin || AnyOriginBranch is not null || ReflectedOrigin is not null;

    /// <summary>
    /// True when <paramref name="value"/> is a <c>"*"</c> that this list holds beside other entries on every path, so it is
    /// not the framework's any-origin but a literal entry: an element of one array or collection initializer with other
    /// elements (<c>WithOrigins("*", other)</c>), or an entry of a list fully seen, never exactly <c>["*"]</c>, with more entries.
    /// </summary>
    public bool IsLiteralStar(OriginValue value)
    {
        if (value.Value != "*" || Values.IsDefault)
        {
            return false;
        }

        var parent = value.Source.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IArrayInitializerOperation { ElementValues.Length: > 1 }
            || (parent is IArgumentOperation { Parent: IInvocationOperation { Parent: IObjectOrCollectionInitializerOperation { Initializers.Length: > 1 } } }))
        {
            return true;
        }

        return IsComplete && !MayBeExactlyAnyOrigin && Values.Length > 1;
    }
}

/// <summary>One call or assignment that shapes a CORS policy.</summary>
internal sealed class PolicyStep
{
    internal PolicyStep(PolicyStepKind kind, IOperation operation, object root, OriginList origins = default, IOperation? predicate = null, bool credentials = false, SyntaxNode? reportNode = null)
    {
        Kind = kind;
        Operation = operation;
        Root = root;
        Origins = origins;
        Predicate = predicate;
        Credentials = credentials;
        ReportSpan = CorsPolicies.ReportSpanOf(reportNode ?? operation.Syntax);
        ReportLocation = Location.Create(operation.Syntax.SyntaxTree, ReportSpan);
        Code = CorsPolicies.CodeAt(operation.Syntax.SyntaxTree, ReportSpan);
    }

    public PolicyStepKind Kind { get; }

    /// <summary>The invocation, object creation or assignment.</summary>
    public IOperation Operation { get; }

    /// <summary>
    /// What the step configures: a parameter, local or field symbol, or (for an unnamed builder) the operation
    /// that creates it. Steps with the same root make up one policy.
    /// </summary>
    public object Root { get; }

    /// <summary>For <see cref="PolicyStepKind.AddOrigins"/>: the origins added.</summary>
    public OriginList Origins { get; }

    /// <summary>For <see cref="PolicyStepKind.SetOriginPredicate"/>: the delegate value (resolve it with <see cref="Callables"/>).</summary>
    public IOperation? Predicate { get; }

    /// <summary>For <see cref="PolicyStepKind.SetCredentials"/>: true when the step allows credentials.</summary>
    public bool Credentials { get; }

    /// <summary>
    /// What a rule reports: for a call <c>x.Name(args)</c> the text from <c>Name</c> to the closing parenthesis
    /// (<c>AllowAnyOrigin()</c>, <c>Origins.Add("*")</c> for a call on a property); for an assignment from the
    /// assigned member's name (<c>SupportsCredentials = true</c>); otherwise the whole expression.
    /// </summary>
    public Location ReportLocation { get; }

    public TextSpan ReportSpan { get; }

    /// <summary>The source text at <see cref="ReportLocation"/>, whitespace runs collapsed to one space.</summary>
    public string Code { get; }
}
