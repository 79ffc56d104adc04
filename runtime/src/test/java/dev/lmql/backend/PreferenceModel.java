package dev.lmql.backend;

import dev.lmql.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A test {@link LogitsModel} over {@link ByteTokenizer} with a fixed, context-free distribution: each byte's
 * logit is given by {@code preference} (earlier characters are more likely), everything else is low.
 */
public class PreferenceModel implements LogitsModel {
    private final float[] logprobs;
    private final Tokenizer tokenizer = new ByteTokenizer();

    public PreferenceModel(String preference, float eosLogit) {
        float[] logits = new float[257];
        for (int i = 0; i < 257; i++) {
            logits[i] = -20f;
        }
        for (int i = 0; i < preference.length(); i++) {
            logits[preference.charAt(i)] = -i;
        }
        logits[ByteTokenizer.EOS] = eosLogit;
        double norm = MaskedDecoder.logSumExp(logits);
        logprobs = new float[257];
        for (int i = 0; i < 257; i++) {
            logprobs[i] = (float) (logits[i] - norm);
        }
    }

    @Override
    public float[] nextLogprobs(int[] context) {
        return logprobs.clone();
    }

    @Override
    public String id() {
        return "preference";
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelCapabilities capabilities() {
        return ModelCapabilities.fullLogits();
    }

    @Override
    public Map<String, Object> identity() {
        return Map.of("backend", "test", "model", "preference");
    }

    @Override
    public CompletableFuture<List<GeneratedSequence>> generate(GenerationRequest request) {
        return CompletableFuture.completedFuture(MaskedDecoder.generate(this, request, "test"));
    }

    @Override
    public CompletableFuture<float[]> score(ScoreRequest request) {
        float[] out = new float[request.continuationTokens().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = logprobs[request.continuationTokens()[i]];
        }
        return CompletableFuture.completedFuture(out);
    }
}
