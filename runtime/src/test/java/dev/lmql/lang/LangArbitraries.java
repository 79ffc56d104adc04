package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of random valid ASTs (positions are all {@link SourcePosition#START}; equality ignores them). */
final class LangArbitraries {
    private static final SourcePosition P = SourcePosition.START;

    private LangArbitraries() {
    }

    static Arbitrary<String> names() {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withChars('_').ofMinLength(1).ofMaxLength(6)
                .flatMap(head -> Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_')
                        .ofMaxLength(4).map(tail -> head.charAt(0) + tail));
        Arbitrary<String> unicode = Arbitraries.of("Größe", "名前", "éa", "ΔX");
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(9, ascii), net.jqwik.api.Tuple.of(1, unicode))
                .filter(Identifiers::isName);
    }

    /** Strings with quotes, backslashes, control characters, brackets and non-ASCII text. */
    static Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withChars("abc XYZ019\"'\\\n\t\r[]{}()<>=!,.:-\u0000\u0001\u007f")
                .withCharRange('\u00e0', '\u00ff')
                .withChars("名前✓")
                .ofMaxLength(12);
    }

    // ---- templates ----

    static Arbitrary<Template> templates() {
        Arbitrary<TemplatePart> nonText = Arbitraries.oneOf(
                Combinators.combine(names(), Arbitraries.of(HoleType.class))
                        .as((name, type) -> new TemplatePart.Hole(name, type, P)),
                Combinators.combine(names(), texts().filter(LangArbitraries::fitsARawString))
                        .as((name, pattern) -> new TemplatePart.Hole(name, HoleType.TEXT, pattern, P)),
                Combinators.combine(names(), names().list().ofMaxSize(3))
                        .as((name, accessors) -> new TemplatePart.Interpolation(name, accessors, P)),
                Arbitraries.of(Role.class).map(role -> new TemplatePart.RoleTag(role, P)));
        Arbitrary<TemplatePart> text = texts().filter(s -> !s.isEmpty()).map(s -> new TemplatePart.Text(s, P));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, text), net.jqwik.api.Tuple.of(2, nonText))
                .list().ofMaxSize(8)
                .map(LangArbitraries::mergeAdjacentTexts)
                .map(Template::new);
    }

    /** Whether a regex can be written as r"..." or r'...': no lone trailing backslash, not both quotes bare. */
    private static boolean fitsARawString(String pattern) {
        boolean bareDouble = false;
        boolean bareSingle = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 == pattern.length()) {
                    return false;
                }
                i++;
            } else if (c == '"') {
                bareDouble = true;
            } else if (c == '\'') {
                bareSingle = true;
            }
        }
        return !pattern.isEmpty() && !(bareDouble && bareSingle);
    }

    /** The parser merges adjacent text, so canonical ASTs never hold two texts in a row. */
    private static List<TemplatePart> mergeAdjacentTexts(List<TemplatePart> parts) {
        List<TemplatePart> merged = new ArrayList<>();
        for (TemplatePart part : parts) {
            int last = merged.size() - 1;
            if (part instanceof TemplatePart.Text text && last >= 0 && merged.get(last) instanceof TemplatePart.Text previous) {
                merged.set(last, new TemplatePart.Text(previous.text() + text.text(), P));
            } else {
                merged.add(part);
            }
        }
        return merged;
    }

    // ---- where clauses ----

    static Arbitrary<Expr> expressions() {
        return expression(3);
    }

    private static Arbitrary<Expr> expression(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expression(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaves()),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(l -> (Expr) new Expr.And(l, P))),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(l -> (Expr) new Expr.Or(l, P))),
                net.jqwik.api.Tuple.of(1, sub.map(e -> (Expr) new Expr.Not(e, P))),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(ComparisonOperator.class), sub, sub)
                        .as((op, l, r) -> (Expr) new Expr.Comparison(op, l, r, P))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as((l, r) -> (Expr) new Expr.In(l, r, P))),
                net.jqwik.api.Tuple.of(2, Combinators.combine(functionNames(), sub.list().ofMaxSize(3))
                        .as((f, args) -> (Expr) new Expr.Call(f, args, P))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, names(), sub.list().ofMaxSize(2))
                        .as((t, m, args) -> (Expr) new Expr.MethodCall(t, m, args, P))),
                net.jqwik.api.Tuple.of(1, sub.list().ofMaxSize(3).map(l -> (Expr) new Expr.ListLiteral(l, P))));
    }

    private static Arbitrary<String> functionNames() {
        return Arbitraries.oneOf(Arbitraries.of(BuiltinFunction.names()), names());
    }

    private static Arbitrary<Expr> leaves() {
        return Arbitraries.oneOf(
                names().map(n -> new Expr.Identifier(n, P)),
                texts().map(s -> new Expr.StringLiteral(s, P)),
                Arbitraries.longs().map(v -> new Expr.IntLiteral(v, P)),
                Arbitraries.doubles().filter(Double::isFinite).map(v -> new Expr.FloatLiteral(v, P)),
                Arbitraries.of(0.5, -0.0, 1e-300, Double.MAX_VALUE, -Double.MIN_VALUE).map(v -> new Expr.FloatLiteral(v, P)));
    }

    // ---- decoder and distribution clauses ----

    static Arbitrary<DecoderClause> decoderClauses() {
        return Arbitraries.of(Decoder.class).flatMap(decoder -> Arbitraries.of(List.copyOf(decoder.parameters()))
                .set().ofMaxSize(decoder.parameters().size())
                .flatMap(parameters -> {
                    List<Arbitrary<DecoderArgument>> arguments = new ArrayList<>();
                    for (DecoderParameter parameter : parameters) {
                        arguments.add(value(parameter).map(v -> new DecoderArgument(parameter, v, P)));
                    }
                    return Combinators.combine(arguments).as(list -> new DecoderClause(decoder, list, P));
                }));
    }

    private static Arbitrary<Object> value(DecoderParameter parameter) {
        switch (parameter.kind()) {
            case BOOL:
                return Arbitraries.of(true, false);
            case CHOICE:
                return Arbitraries.of(parameter.choices()).map(c -> c);
            default:
                return number(parameter).map(n -> n);
        }
    }

    private static Arbitrary<Number> number(DecoderParameter parameter) {
        switch (parameter) {
            case ALPHA:
                return Arbitraries.doubles().between(0, 5).ofScale(6).map(d -> d);
            case PRUNE:
                return Arbitraries.doubles().between(1, 5).ofScale(6).map(d -> d);
            case TEMPERATURE:
                return Arbitraries.doubles().between(0, 5).ofScale(6).map(d -> d);
            case TOP_P:
                return Arbitraries.doubles().between(0.000001, 1).ofScale(6).map(d -> d);
            case SEED:
                return Arbitraries.longs().map(l -> l);
            default:
                return Arbitraries.longs().between(1, Long.MAX_VALUE).map(l -> l);
        }
    }

    static Arbitrary<DistributionClause> distributionClauses() {
        Arbitrary<Expr> list = texts().map(s -> (Expr) new Expr.StringLiteral(s, P)).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> new Expr.ListLiteral(l, P));
        Arbitrary<Expr> parameter = names().map(n -> new Expr.Identifier(n, P));
        return Combinators.combine(names(), Arbitraries.oneOf(list, parameter))
                .as((variable, values) -> new DistributionClause(variable, values, P));
    }
}
