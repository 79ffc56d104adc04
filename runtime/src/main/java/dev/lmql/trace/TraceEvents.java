package dev.lmql.trace;

/** Names of the events the library records, shared by the recorders, the verifier and replay. */
public final class TraceEvents {
    /** The query's results: a list of {@code {prompt, variables, distribution_variable?, distribution_values?}}. */
    public static final String RESULT = "lmql.LMQLResult";
    /**
     * What ran, so it can be replayed: {@code {template, where, decoder, distribution, model, arguments}} for a
     * query, or {@code {prompt, max_tokens, options, model}} for a plain {@code generate} call.
     */
    public static final String QUERY = "lmql.Query";
    /** The environment of a top-level certificate. */
    public static final String ENVIRONMENT = InferenceCertificate.ENVIRONMENT_EVENT;
    /** Suffix of model-call events written by {@link ModelCallEvent}, e.g. {@code random.generate}. */
    public static final String GENERATE_SUFFIX = ".generate";
    /** Suffix of scoring-call events written by {@link ModelCallEvent}, e.g. {@code local.score}. */
    public static final String SCORE_SUFFIX = ".score";

    private TraceEvents() {
    }

    /** Whether the event is a model call (anything but the library's own {@code lmql.*} events). */
    public static boolean isModelCall(String eventName) {
        return !eventName.startsWith("lmql.");
    }
}
