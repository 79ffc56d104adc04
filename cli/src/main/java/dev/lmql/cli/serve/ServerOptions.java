package dev.lmql.cli.serve;

/**
 * How the model server listens and how much work it accepts.
 *
 * @param host          interface to bind; loopback by default so a model is never exposed by accident
 * @param port          TCP port (0 = any free port)
 * @param workers       requests generating at the same time
 * @param maxQueued     requests allowed to wait for a worker; more are answered with 429
 * @param maxTokensCap  upper bound on {@code max_tokens} per request
 */
public record ServerOptions(String host, int port, int workers, int maxQueued, int maxTokensCap) {

    public ServerOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0, got " + maxQueued);
        }
    }

    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 8080, 2, 64, 4096);
    }
}
