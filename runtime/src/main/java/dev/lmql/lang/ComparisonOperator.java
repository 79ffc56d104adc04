package dev.lmql.lang;

/** The comparison operators of where clauses. */
public enum ComparisonOperator {
    /** {@code ==} */
    EQ("=="),
    /** {@code !=} */
    NE("!="),
    /** {@code <} */
    LT("<"),
    /** {@code >} */
    GT(">"),
    /** {@code <=} */
    LE("<="),
    /** {@code >=} */
    GE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written, e.g. {@code <=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether the operator orders numbers ({@code < > <= >=}) rather than testing equality. */
    public boolean isOrdering() {
        return this != EQ && this != NE;
    }
}
