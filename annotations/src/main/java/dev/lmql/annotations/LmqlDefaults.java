package dev.lmql.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Defaults shared by every {@link Query} method of an interface. A non-empty value on a method's
 * {@code @Query} wins over the value given here; an empty value here means "no interface default".
 *
 * <pre>{@code
 * @LmqlDefaults(model = "random", decoder = "argmax", certificate = "certificates/{method}-{timestamp}.json")
 * public interface Assistant { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LmqlDefaults {

    /** The model id for all methods, e.g. {@code random} or {@code local:stories260K.gguf}; empty: global default. */
    String model() default "";

    /** The decoder clause for all methods, e.g. {@code argmax} or {@code sample(n=3)}; empty: the runtime default. */
    String decoder() default "";

    /**
     * Where the certificates of all methods go: {@code ""} none, {@code "stdout"}, otherwise a file path that may
     * contain {@code {method}} and {@code {timestamp}}.
     */
    String certificate() default "";
}
