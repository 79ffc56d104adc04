package dev.lmql.backend.openai;

import java.time.Duration;

/**
 * Time limits of one HTTP exchange. Long generations are fine as long as the server keeps talking: the limits are
 * on silence, not on total duration.
 *
 * @param connect      establishing the TCP/TLS connection
 * @param firstByte    from sending the request to the response headers / first stream event
 * @param betweenEvents longest silence between two stream events (or body reads) once the response started
 */
record Timeouts(Duration connect, Duration firstByte, Duration betweenEvents) {
    static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120),
            Duration.ofSeconds(60));

    Timeouts {
        for (Duration d : new Duration[] {connect, firstByte, betweenEvents}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }
}
