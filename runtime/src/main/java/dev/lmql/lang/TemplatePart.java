package dev.lmql.lang;

import java.util.List;
import java.util.Objects;

/**
 * One piece of a query template. Equality ignores source positions, so two templates parsed from
 * differently spaced sources compare equal when they mean the same.
 */
public sealed interface TemplatePart permits TemplatePart.Text, TemplatePart.Hole, TemplatePart.Interpolation,
        TemplatePart.RoleTag {

    /** Where the part starts in the template source. */
    SourcePosition position();

    /** Literal prompt text, already unescaped ({@code [[} became {@code [}). Never empty. */
    record Text(String text, SourcePosition position) implements TemplatePart {
        /** Validates that the text is not empty. */
        public Text {
            Objects.requireNonNull(position, "position");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a Text part must not be empty");
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Text that && text.equals(that.text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /**
     * A hole the model fills: {@code [NAME]}, {@code [NAME: int]}, or {@code [NAME: r"regex"]} (LMQL's regex tactic,
     * a text hole constrained like {@code REGEX(NAME, r"regex")}).
     *
     * @param pattern the regular expression of a regex hole, or null
     */
    record Hole(String name, HoleType type, String pattern, SourcePosition position) implements TemplatePart {
        /** Validates that the name is an identifier and that only text holes carry a pattern. */
        public Hole {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(position, "position");
            if (!Identifiers.isIdentifier(name)) {
                throw new IllegalArgumentException("not a valid hole name: " + name);
            }
            if (pattern != null && type != HoleType.TEXT) {
                throw new IllegalArgumentException("a " + type.keyword() + " hole cannot also have a regex");
            }
        }

        /** A hole without a regex. */
        public Hole(String name, HoleType type, SourcePosition position) {
            this(name, type, null, position);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Hole that && name.equals(that.name) && type == that.type
                    && Objects.equals(pattern, that.pattern);
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + type.hashCode()) * 31 + Objects.hashCode(pattern);
        }
    }

    /**
     * A parameter value inserted into the prompt: {@code {param}} or {@code {param.accessor.more}}.
     *
     * @param parameter the parameter name
     * @param accessors the accessor names after the parameter, in order (empty for {@code {param}})
     */
    record Interpolation(String parameter, List<String> accessors, SourcePosition position) implements TemplatePart {
        /** Validates the names and copies the accessor list. */
        public Interpolation {
            Objects.requireNonNull(position, "position");
            if (!Identifiers.isIdentifier(parameter)) {
                throw new IllegalArgumentException("not a valid parameter name: " + parameter);
            }
            accessors = List.copyOf(accessors);
            for (String accessor : accessors) {
                if (!Identifiers.isIdentifier(accessor)) {
                    throw new IllegalArgumentException("not a valid accessor name: " + accessor);
                }
            }
        }

        /** The dotted path as written, e.g. {@code review.author.name}. */
        public String path() {
            return accessors.isEmpty() ? parameter : parameter + "." + String.join(".", accessors);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Interpolation that && parameter.equals(that.parameter)
                    && accessors.equals(that.accessors);
        }

        @Override
        public int hashCode() {
            return parameter.hashCode() * 31 + accessors.hashCode();
        }
    }

    /** A chat role switch: {@code {:system}}, {@code {:user}} or {@code {:assistant}}. */
    record RoleTag(Role role, SourcePosition position) implements TemplatePart {
        /** Validates that role and position are present. */
        public RoleTag {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RoleTag that && role == that.role;
        }

        @Override
        public int hashCode() {
            return role.hashCode();
        }
    }
}
