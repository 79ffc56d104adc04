package dev.lmql.processor;

/** A problem and the {@code @Query} attribute whose value it should be reported on. */
record Finding(Problem problem, String attribute) {

    static Finding on(String attribute, Problem problem) {
        return new Finding(problem, attribute);
    }
}
