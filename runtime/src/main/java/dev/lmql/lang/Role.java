package dev.lmql.lang;

import java.util.Locale;
import java.util.Optional;

/** A chat role switched to by a template role tag such as {@code {:system}}. */
public enum Role {
    /** {@code {:system}} */
    SYSTEM,
    /** {@code {:user}} */
    USER,
    /** {@code {:assistant}} */
    ASSISTANT;

    /** The name written in the tag, e.g. {@code system}. */
    public String tagName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role for a tag name, e.g. {@code user}. */
    public static Optional<Role> forTagName(String name) {
        for (Role role : values()) {
            if (role.tagName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
