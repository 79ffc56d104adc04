package dev.lmql.lang;

import java.util.List;

/**
 * Prints ASTs back to LMQL source. For every AST, parsing the printed text gives an equal AST (positions
 * aside): text is re-escaped, strings are printed double-quoted with escapes, and parentheses are added
 * exactly where precedence needs them.
 */
public final class LmqlPrinter {
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARISON = 4;
    private static final int PRIMARY = 5;

    private LmqlPrinter() {
    }

    /** Whether {@code raw} holds {@code quote} not preceded by a backslash (it would end a raw string). */
    private static boolean unescapedQuote(String raw, char quote) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '\\') {
                i++;
            } else if (raw.charAt(i) == quote) {
                return true;
            }
        }
        return false;
    }

    /** The template as source, e.g. {@code Hello [[world]] [NAME: int] {user.name}}. */
    public static String print(Template template) {
        StringBuilder out = new StringBuilder();
        for (TemplatePart part : template.parts()) {
            if (part instanceof TemplatePart.Text text) {
                escapeText(text.text(), out);
            } else if (part instanceof TemplatePart.Hole hole) {
                out.append('[').append(hole.name());
                if (hole.pattern() != null) {
                    char quote = unescapedQuote(hole.pattern(), '"') ? '\'' : '"';
                    out.append(": r").append(quote).append(hole.pattern()).append(quote);
                } else if (hole.type() != HoleType.TEXT) {
                    out.append(": ").append(hole.type().keyword());
                }
                out.append(']');
            } else if (part instanceof TemplatePart.Interpolation interpolation) {
                out.append('{').append(interpolation.path()).append('}');
            } else {
                out.append("{:").append(((TemplatePart.RoleTag) part).role().tagName()).append('}');
            }
        }
        return out.toString();
    }

    /** The where expression as source. */
    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        print(expr, OR, out);
        return out.toString();
    }

    /** The decoder clause as source, e.g. {@code sample(n=2, temperature=0.8)}. */
    public static String print(DecoderClause clause) {
        StringBuilder out = new StringBuilder(clause.decoder().keyword());
        if (!clause.arguments().isEmpty()) {
            out.append('(');
            for (int a = 0; a < clause.arguments().size(); a++) {
                DecoderArgument argument = clause.arguments().get(a);
                if (a > 0) {
                    out.append(", ");
                }
                out.append(argument.parameter().argumentName()).append('=').append(argument.valueSource());
            }
            out.append(')');
        }
        return out.toString();
    }

    /** The distribution clause as source, e.g. {@code ANSWER in ["yes", "no"]}. */
    public static String print(DistributionClause clause) {
        return clause.variable() + " in " + print(clause.values());
    }

    /** A string literal in double quotes with the escapes the where-clause lexer reads back. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    private static void escapeText(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == ']' || c == '{' || c == '}') {
                out.append(c);
            }
            out.append(c);
        }
    }

    private static void print(Expr expr, int minimumLevel, StringBuilder out) {
        boolean parens = level(expr) < minimumLevel;
        if (parens) {
            out.append('(');
        }
        if (expr instanceof Expr.Or or) {
            chain(or.operands(), " or ", AND, out);
        } else if (expr instanceof Expr.And and) {
            chain(and.operands(), " and ", NOT, out);
        } else if (expr instanceof Expr.Not not) {
            out.append("not ");
            print(not.operand(), NOT, out);
        } else if (expr instanceof Expr.Comparison comparison) {
            print(comparison.left(), PRIMARY, out);
            out.append(' ').append(comparison.operator().symbol()).append(' ');
            print(comparison.right(), PRIMARY, out);
        } else if (expr instanceof Expr.In in) {
            print(in.element(), PRIMARY, out);
            out.append(" in ");
            print(in.container(), PRIMARY, out);
        } else if (expr instanceof Expr.Call call) {
            out.append(call.function());
            arguments(call.arguments(), '(', ')', out);
        } else if (expr instanceof Expr.MethodCall call) {
            print(call.target(), PRIMARY, out);
            out.append('.').append(call.method());
            arguments(call.arguments(), '(', ')', out);
        } else if (expr instanceof Expr.Identifier identifier) {
            out.append(identifier.name());
        } else if (expr instanceof Expr.StringLiteral string) {
            out.append(quote(string.value()));
        } else if (expr instanceof Expr.IntLiteral integer) {
            out.append(integer.value());
        } else if (expr instanceof Expr.FloatLiteral number) {
            out.append(number.value());
        } else {
            arguments(((Expr.ListLiteral) expr).elements(), '[', ']', out);
        }
        if (parens) {
            out.append(')');
        }
    }

    /** Operands of one and/or chain; a nested chain of the same operator keeps its parentheses. */
    private static void chain(List<Expr> operands, String operator, int operandLevel, StringBuilder out) {
        for (int o = 0; o < operands.size(); o++) {
            if (o > 0) {
                out.append(operator);
            }
            print(operands.get(o), operandLevel, out);
        }
    }

    private static void arguments(List<Expr> arguments, char open, char close, StringBuilder out) {
        out.append(open);
        for (int a = 0; a < arguments.size(); a++) {
            if (a > 0) {
                out.append(", ");
            }
            print(arguments.get(a), OR, out);
        }
        out.append(close);
    }

    private static int level(Expr expr) {
        if (expr instanceof Expr.Or) {
            return OR;
        }
        if (expr instanceof Expr.And) {
            return AND;
        }
        if (expr instanceof Expr.Not) {
            return NOT;
        }
        if (expr instanceof Expr.Comparison || expr instanceof Expr.In) {
            return COMPARISON;
        }
        return PRIMARY;
    }
}
