using System.Text;
using Acornima;
using Acornima.Ast;

namespace CorsAnalyzers.Rules;

/// <summary>
/// The text of a small script expression, for messages: printed from the tree (the parsed text is not at hand, and may
/// hold neutral stand-ins for Razor), on one line, literals as written. Functions, objects and anything deep print as '…'.
/// </summary>
internal static class ScriptCode
{
    private const int MaxDepth = 12;

    public static string Of(Node node)
    {
        var builder = new StringBuilder();
        Print(builder, node, 0);
        return builder.ToString();
    }

    /// <summary>Code as written, its line breaks and indentation made one space.</summary>
    public static string OneLine(string code)
    {
        if (code.IndexOf('\n') < 0 && code.IndexOf('\r') < 0)
        {
            return code;
        }

        var builder = new StringBuilder(code.Length);
        var space = false;
        foreach (var c in code)
        {
            if (c is '\n' or '\r' || (space && char.IsWhiteSpace(c)))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static void Print(StringBuilder b, Node? node, int depth)
    {
        if (node is null || depth > MaxDepth)
        {
            b.Append('…');
            return;
        }

        switch (node)
        {
            case Identifier identifier:
                b.Append(identifier.Name);
                break;
            case ThisExpression:
                b.Append("this");
                break;
            case Literal literal:
                b.Append(literal.Raw);
                break;
            case TemplateLiteral template:
                b.Append('`');
                for (var i = 0; i < template.Quasis.Count; i++)
                {
                    b.Append(template.Quasis[i].Value.Raw);
                    if (i < template.Expressions.Count)
                    {
                        b.Append("${");
                        Print(b, template.Expressions[i], depth + 1);
                        b.Append('}');
                    }
                }

                b.Append('`');
                break;
            case ChainExpression chain:
                Print(b, chain.Expression, depth);
                break;
            case ParenthesizedExpression parenthesized:
                b.Append('(');
                Print(b, parenthesized.Expression, depth + 1);
                b.Append(')');
                break;
            case MemberExpression member:
                Operand(b, member.Object, depth);
                if (member.Computed)
                {
                    b.Append(member.Optional ? "?.[" : "[");
                    Print(b, member.Property, depth + 1);
                    b.Append(']');
                }
                else
                {
                    b.Append(member.Optional ? "?." : ".");
                    Print(b, member.Property, depth + 1);
                }

                break;
            case CallExpression call:
                Operand(b, call.Callee, depth);
                b.Append(call.Optional ? "?.(" : "(");
                Arguments(b, call.Arguments, depth);
                b.Append(')');
                break;
            case NewExpression creation:
                b.Append("new ");
                Operand(b, creation.Callee, depth);
                b.Append('(');
                Arguments(b, creation.Arguments, depth);
                b.Append(')');
                break;
            case AwaitExpression awaited:
                b.Append("await ");
                Operand(b, awaited.Argument, depth);
                break;
            case NonUpdateUnaryExpression unary:
                var op = NonUpdateUnaryExpression.OperatorToString(unary.Operator) ?? string.Empty;
                b.Append(op);
                if (op.Length > 0 && char.IsLetter(op[op.Length - 1]))
                {
                    b.Append(' ');
                }

                Operand(b, unary.Argument, depth);
                break;
            case BinaryExpression binary:
                Operand(b, binary.Left, depth);
                b.Append(' ').Append(binary is LogicalExpression ? LogicalExpression.OperatorToString(binary.Operator) : NonLogicalBinaryExpression.OperatorToString(binary.Operator)).Append(' ');
                Operand(b, binary.Right, depth);
                break;
            case ArrayExpression array:
                b.Append('[');
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    b.Append(i == 0 ? string.Empty : ", ");
                    Print(b, array.Elements[i], depth + 1);
                }

                b.Append(']');
                break;
            case ConditionalExpression conditional:
                Operand(b, conditional.Test, depth);
                b.Append(" ? ");
                Operand(b, conditional.Consequent, depth);
                b.Append(" : ");
                Operand(b, conditional.Alternate, depth);
                break;
            default:
                b.Append('…');
                break;
        }
    }

    private static void Arguments(StringBuilder b, in NodeList<Expression> arguments, int depth)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            b.Append(i == 0 ? string.Empty : ", ");
            Print(b, arguments[i], depth + 1);
        }
    }

    /// <summary>An operand, in parentheses where it binds looser than what is around it.</summary>
    private static void Operand(StringBuilder b, Node? node, int depth)
    {
        var loose = node is BinaryExpression or ConditionalExpression or AssignmentExpression or SequenceExpression;
        b.Append(loose ? "(" : string.Empty);
        Print(b, node, depth + 1);
        b.Append(loose ? ")" : string.Empty);
    }
}
