package dev.lmql.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text the model produces for an enum constant when the enum is a query's return type (or the type of a
 * record component filled by a hole). Without it the constant's name is the label.
 *
 * <pre>{@code
 * enum Sentiment { @Label("positive") POSITIVE, @Label("negative") NEGATIVE }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Label {

    /** The label; must be non-empty and unique within the enum. */
    String value();
}
