package dev.lmql.decode;

import dev.lmql.lang.Expr;
import dev.lmql.lang.HoleType;
import dev.lmql.lang.TemplatePart;
import java.math.BigInteger;

/** Turns a hole's post-processed text into its value: Long (or BigInteger), Double, Boolean or the text. */
final class ValueConverter {
    private ValueConverter() {
    }

    /**
     * The hole with the type its value converts to: the declared type, else INT or FLOAT when a top-level conjunct
     * of the where clause is {@code INT(X)} / {@code FLOAT(X)} (as in LMQL, where those constraints make the
     * variable a number).
     */
    static TemplatePart.Hole typed(Expr where, TemplatePart.Hole hole) {
        if (hole.type() != HoleType.TEXT || where == null) {
            return hole;
        }
        for (Expr e : dev.lmql.lang.HoleConstraints.of(where, hole.name())) {
            if (e instanceof Expr.Call call && call.arguments().size() == 1
                    && call.arguments().get(0) instanceof Expr.Identifier id && id.name().equals(hole.name())) {
                if (call.function().equals("INT")) {
                    return new TemplatePart.Hole(hole.name(), HoleType.INT, hole.position());
                }
                if (call.function().equals("FLOAT")) {
                    return new TemplatePart.Hole(hole.name(), HoleType.FLOAT, hole.position());
                }
            }
        }
        return hole;
    }

    static Object convert(String name, HoleType type, String text) {
        String t = text.strip();
        switch (type) {
            case INT:
                try {
                    BigInteger big = new BigInteger(t.replace(",", "").replace("_", ""));
                    return big.bitLength() < 64 ? (Object) big.longValue() : big;
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("hole " + name + " is an int but its value is \"" + text
                            + "\" (did it end early, e.g. at max_tokens?)", e);
                }
            case FLOAT:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("hole " + name + " is a float but its value is \"" + text
                            + "\" (did it end early, e.g. at max_tokens?)", e);
                }
            case BOOL:
                if (t.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalStateException("hole " + name + " is a bool but its value is \"" + text + "\"");
            default:
                return text;
        }
    }
}
