package dev.lmql.lang;

import java.util.Locale;
import java.util.Optional;

/** The declared type of a template hole: {@code [X]} is {@link #TEXT}, {@code [X: int]} is {@link #INT}, ... */
public enum HoleType {
    /** Free text (no type annotation). */
    TEXT,
    /** {@code [X: int]}: an integer, like {@code INT(X)}. */
    INT,
    /** {@code [X: float]}: a decimal number, like {@code FLOAT(X)}. */
    FLOAT,
    /** {@code [X: bool]}: {@code true} or {@code false}. */
    BOOL;

    /** The keyword written after the colon, e.g. {@code int}; empty for {@link #TEXT}. */
    public String keyword() {
        return this == TEXT ? "" : name().toLowerCase(Locale.ROOT);
    }

    /** The type for a keyword written after the colon ({@code int}, {@code float}, {@code bool}). */
    public static Optional<HoleType> forKeyword(String keyword) {
        for (HoleType type : values()) {
            if (type != TEXT && type.keyword().equals(keyword)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
