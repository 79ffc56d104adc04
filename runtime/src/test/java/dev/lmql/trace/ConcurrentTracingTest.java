package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentTracingTest {
    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 25;

    @Test
    void callsFromManyThreadsInOneScopeGiveOneWellFormedTree() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS); // created before the scope: needs wrap()
        try (TraceScope scope = TraceContext.open("many-threads")) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(TraceContext.wrap(() -> {
                    start.await();
                    for (int c = 0; c < CALLS_PER_THREAD; c++) {
                        TracedCall call = TracedCall.begin("q-" + thread + "-" + c, null);
                        TestCertificates.recordQuery(call.recorder().orElseThrow(), "Hello " + thread + "-" + c + ".");
                        call.finish();
                    }
                    return null;
                })));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }

            InferenceCertificate certificate = TraceContext.currentScope().orElseThrow().certificate();

            assertThat(certificate.name()).isEqualTo("many-threads");
            assertThat(certificate.children()).hasSize(THREADS * CALLS_PER_THREAD);
            Set<String> names = new HashSet<>();
            long tokens = 0;
            for (InferenceCertificate child : certificate.children()) {
                names.add(child.name());
                assertThat(child.isRoot()).isFalse();
                assertThat(child.events()).extracting(CertificateEvent::name)
                        .containsExactly(TraceEvents.QUERY, "random.generate", TraceEvents.RESULT);
                tokens += child.metrics().get("random").tokens();
            }
            assertThat(names).hasSize(THREADS * CALLS_PER_THREAD);
            BackendMetrics total = certificate.metrics().get("random");
            assertThat(total.requests()).isEqualTo(THREADS * CALLS_PER_THREAD);
            assertThat(total.batchSize()).isEqualTo(THREADS * CALLS_PER_THREAD);
            assertThat(total.tokens()).isEqualTo(tokens);
            assertThat(certificate.verify().problems()).isEmpty();
            assertThat(JsonSchemaSubset.certificateSchema().validate(certificate.toJson())).isEmpty();
            assertThat(InferenceCertificate.parse(certificate.toJson())).isEqualTo(certificate);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadsStartedInsideAScopeInheritIt() throws Exception {
        try (TraceScope scope = TraceContext.open("inherited")) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    for (int c = 0; c < 5; c++) {
                        TracedCall call = TracedCall.begin("w" + thread, null);
                        call.tracer().event("random.generate", java.util.Map.of("i", c));
                        call.tracer().addMetrics("random", 1, 1, 3);
                    }
                });
                threads.add(worker);
                worker.start();
            }
            for (Thread worker : threads) {
                worker.join(30_000);
            }

            InferenceCertificate certificate = scope.certificate();

            assertThat(certificate.children()).hasSize(THREADS * 5);
            assertThat(certificate.metrics().get("random")).isEqualTo(new BackendMetrics(THREADS * 5, THREADS * 5,
                    THREADS * 15));
        }
    }

    @Test
    void nestedScopesBecomeChildrenAndClosingRestoresTheOuterScope() {
        try (TraceScope outer = TraceContext.open("outer")) {
            TracedCall first = TracedCall.begin("first", null);
            first.tracer().addMetrics("local", 1, 1, 4);
            try (TraceScope inner = TraceContext.open("inner")) {
                assertThat(TraceContext.currentScope()).contains(inner);
                TracedCall.begin("second", null).tracer().addMetrics("local", 1, 1, 6);
            }
            assertThat(TraceContext.currentScope()).contains(outer);
            TracedCall.begin("third", null);

            InferenceCertificate certificate = outer.certificate();

            assertThat(certificate.children()).extracting(InferenceCertificate::name)
                    .containsExactly("first", "inner", "third");
            assertThat(certificate.children().get(1).children()).extracting(InferenceCertificate::name)
                    .containsExactly("second");
            assertThat(certificate.metrics().get("local")).isEqualTo(new BackendMetrics(2, 2, 10));
        }
        assertThat(TraceContext.currentScope()).isEmpty();
    }

    @Test
    void aClosedScopeNoLongerRecordsEvenOnThreadsThatInheritedIt() throws Exception {
        TraceScope scope = TraceContext.open("short");
        ExecutorService pool = Executors.newSingleThreadExecutor(); // its thread inherits "short"
        try {
            pool.submit(() -> { }).get(10, TimeUnit.SECONDS);
            scope.close();

            TracedCall late = pool.submit(() -> TracedCall.begin("late", null)).get(10, TimeUnit.SECONDS);

            assertThat(late.isTraced()).isFalse();
            assertThat(scope.certificate().children()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAScopeOnlyCallsThatAskForACertificateRecord() {
        assertThat(TracedCall.begin("plain", null).isTraced()).isFalse();
        assertThat(TracedCall.begin("plain", null).tracer()).isSameAs(Tracer.NONE);

        List<InferenceCertificate> delivered = new ArrayList<>();
        TracedCall call = TracedCall.begin("asked", CertificateSink.callback(delivered::add));
        TestCertificates.recordQuery(call.recorder().orElseThrow(), "Hi.");
        InferenceCertificate certificate = call.finish().orElseThrow();

        assertThat(delivered).containsExactly(certificate);
        assertThat(certificate.isRoot()).isTrue();
        assertThat(certificate.name()).isEqualTo("asked");
    }
}
