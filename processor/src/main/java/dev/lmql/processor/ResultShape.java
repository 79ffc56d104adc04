package dev.lmql.processor;

import com.palantir.javapoet.TypeName;
import java.util.List;

/** How the results of one query call become the method's (non-future) return value. */
sealed interface ResultShape {

    /** The value of one hole, converted. */
    record Single(String hole, ValueType type) implements ResultShape {
    }

    /** The value of one hole, empty when the hole produced nothing. */
    record OptionalOf(String hole, ValueType type) implements ResultShape {
    }

    /** A record whose components are filled from the holes of the same name. */
    record RecordOf(TypeName type, List<Component> components) implements ResultShape {
        public RecordOf {
            components = List.copyOf(components);
        }
    }

    /** One record component and the hole it is filled from. */
    record Component(String name, String hole, ValueType type) {
    }

    /** One element per result of an n &gt; 1 decoder. */
    record ListOf(ResultShape element, TypeName elementType) implements ResultShape {
    }

    /** The runtime's QueryResult itself. */
    record Raw() implements ResultShape {
    }

    /** The distribution over the values of the distribution clause's hole. */
    record DistributionOf(String hole, ValueType type) implements ResultShape {
    }
}
