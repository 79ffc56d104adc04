package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.backend.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent callers get the same distributions as a single caller (sessions are handed out exclusively). */
class LocalModelConcurrencyTest {

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        int[][] contexts = new int[8][];
        for (int c = 0; c < contexts.length; c++) {
            contexts[c] = new int[] {1, 403, 407 + c, 261, 378, 432 + c % 3};
        }
        try (LocalModel model = (LocalModel) ModelRegistry.create("local:stories260K.gguf", Map.of("threads", 2))) {
            List<float[]> sequential = new ArrayList<>();
            for (int[] ctx : contexts) {
                sequential.add(model.nextLogprobs(ctx));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<float[]>> futures = new ArrayList<>();
                    for (int[] ctx : contexts) {
                        futures.add(pool.submit(() -> model.nextLogprobs(ctx)));
                    }
                    for (int c = 0; c < contexts.length; c++) {
                        float[] got = futures.get(c).get();
                        float[] want = sequential.get(c);
                        for (int i = 0; i < want.length; i++) {
                            assertThat(Math.abs(got[i] - want[i])).as("context %d token %d", c, i)
                                    .isLessThan(1e-4f);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
