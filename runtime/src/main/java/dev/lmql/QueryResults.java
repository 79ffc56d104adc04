package dev.lmql;

import dev.lmql.decode.QueryOutcome;

/** Turns the interpreter's outcomes into the public {@link QueryResult}. */
final class QueryResults {
    private QueryResults() {
    }

    static QueryResult of(QueryOutcome o) {
        Distribution<String> d = o.distribution() == null ? null : Distribution.of(o.distribution());
        return new QueryResult(o.prompt(), o.variables(), o.distributionVariable(), d, o.logprob(), o.finishReasons());
    }
}
