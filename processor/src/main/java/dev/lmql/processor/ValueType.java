package dev.lmql.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A Java type one hole's value converts to, and the labels the hole may take when it is an enum.
 *
 * @param kind     what the hole holds
 * @param typeName the Java type as declared (primitive or boxed)
 * @param labels   for enums: constant and label, in declaration order; empty otherwise
 */
record ValueType(Kind kind, TypeName typeName, List<EnumLabel> labels) {

    ValueType {
        labels = List.copyOf(labels);
    }

    /** The kinds of value a hole can be converted to. */
    enum Kind { STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN, ENUM }

    /** An enum constant and the text the model produces for it. */
    record EnumLabel(String constant, String label) {
    }

    static ValueType simple(Kind kind, TypeName typeName) {
        return new ValueType(kind, typeName, List.of());
    }

    boolean isPrimitive() {
        return typeName.isPrimitive();
    }
}
