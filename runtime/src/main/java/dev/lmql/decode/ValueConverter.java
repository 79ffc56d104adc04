package dev.lmql.decode;

import dev.lmql.lang.HoleType;
import java.math.BigInteger;

/** Turns a hole's post-processed text into its value: Long (or BigInteger), Double, Boolean or the text. */
final class ValueConverter {
    private ValueConverter() {
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
