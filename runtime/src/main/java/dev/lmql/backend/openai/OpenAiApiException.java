package dev.lmql.backend.openai;

/**
 * A request to an OpenAI(-compatible) API failed for good: the API refused it (status and the API's own message),
 * the connection failed or stalled past the retry budget, or the response was truncated or malformed. Messages
 * never contain the API key or organization/project ids.
 */
public final class OpenAiApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The server answered with an error status. */
        HTTP_STATUS,
        /** No response, or silence longer than the configured timeout. */
        TIMEOUT,
        /** The connection failed or was reset. */
        CONNECTION,
        /** The stream ended before {@code [DONE]} or the body was cut. */
        TRUNCATED,
        /** The response was not the JSON the API documents. */
        MALFORMED
    }

    private final Kind kind;
    private final int status;
    private final String errorType;
    private final String errorCode;
    private final int attempts;

    OpenAiApiException(Kind kind, int status, String errorType, String errorCode, String message, int attempts,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.attempts = attempts;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when the server gave none. */
    public int status() {
        return status;
    }

    /** The API's {@code error.type} (e.g. {@code invalid_request_error}), or null. */
    public String errorType() {
        return errorType;
    }

    /** The API's {@code error.code} (e.g. {@code invalid_api_key}), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** How many attempts were made, including the first. */
    public int attempts() {
        return attempts;
    }

    OpenAiApiException withAttempts(int n, String suffix) {
        return new OpenAiApiException(kind, status, errorType, errorCode, getMessage() + suffix, n, getCause());
    }
}
