package dev.lmql.backend.openai;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client (connection pool and dispatcher) all OpenAI models share, and one daemon timer thread for
 * retry delays and stall detection. Per-model clients are derived with {@code newBuilder()}, which keeps the pool.
 * Concurrency is limited per model by {@link AsyncPermits}; the dispatcher's own limits are set high so that a
 * queued call never waits inside OkHttp while its first-byte timer runs.
 */
final class SharedHttp {
    private SharedHttp() {
    }

    private static final class Holder {
        static final OkHttpClient CLIENT = build();
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lmql-openai-timer");
            t.setDaemon(true);
            return t;
        });

        private static OkHttpClient build() {
            // Daemon threads: an idle pool must not keep a finished program (e.g. the CLI) alive for a minute.
            java.util.concurrent.ThreadPoolExecutor executor = new java.util.concurrent.ThreadPoolExecutor(0,
                    Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS,
                    new java.util.concurrent.SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "lmql-openai-http");
                        t.setDaemon(true);
                        return t;
                    });
            Dispatcher dispatcher = new Dispatcher(executor);
            dispatcher.setMaxRequests(4096);
            dispatcher.setMaxRequestsPerHost(4096);
            return new OkHttpClient.Builder().dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(64, 5, java.util.concurrent.TimeUnit.MINUTES))
                    .retryOnConnectionFailure(false) // retries are ours: counted, logged and bounded
                    .build();
        }
    }

    static OkHttpClient client() {
        return Holder.CLIENT;
    }

    static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }
}
