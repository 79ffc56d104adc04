package dev.lmql.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an LMQL query on an interface method. The annotation processor checks it at compile time and
 * generates an implementation class {@code <Interface>Lmql}.
 *
 * <pre>{@code
 * @Query(value = "Greet the world:[GREETING]", where = "STOPS_AT(GREETING, \".\")")
 * String greet();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Query {

    /** The query template: text, holes {@code [VAR]}, parameters {@code {param}}, role tags {@code {:user}}. */
    String value();

    /** The where clause (LMQL syntax), e.g. {@code STOPS_AT(X, ".") and len(TOKENS(X)) < 20}. */
    String where() default "";

    /** The decoder clause, e.g. {@code argmax} or {@code sample(n=3, temperature=0.8)}; empty: the default. */
    String decoder() default "";

    /** A model id overriding the interface's and the global default, e.g. {@code local:stories260K.gguf}. */
    String model() default "";

    /** LMQL's distribution clause, e.g. {@code LABEL in ["positive", "negative"]}. */
    String distribution() default "";

    /**
     * Where the call's inference certificate goes: {@code ""} or {@code "false"} none, {@code "stdout"} or
     * {@code "true"} print it (as LMQL's {@code certificate=True}), otherwise a file path, which may contain
     * {@code {method}} and {@code {timestamp}}.
     */
    String certificate() default "";

    /** At most this many tokens per hole; {@code -1}: no limit besides the where clause and the model. */
    int maxTokens() default -1;
}
