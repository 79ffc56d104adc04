package dev.lmql.cli.serve;

/** An error answered to the client in OpenAI's error shape ({@code {"error": {...}}}) with an HTTP status. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;

    ApiException(int status, String type, String message, String param) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static ApiException invalid(String message, String param) {
        return new ApiException(400, "invalid_request_error", message, param);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }
}
