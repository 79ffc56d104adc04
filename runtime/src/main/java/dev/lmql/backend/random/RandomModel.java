package dev.lmql.backend.random;

import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.MaskAwareModel;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.backend.SeededRandom;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenMask;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.ModelCallEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * LMQL's deterministic test model ({@code random}): the next token is uniform over the tokens the constraint
 * allows, so any query runs without a real model and its values satisfy the where clause by construction.
 *
 * <p>The distribution after a context, given the allowed tokens {@code A} (non-empty) and whether EOS may come:
 * <ul>
 *   <li>EOS allowed: EOS gets probability 1/8 and every token of {@code A} shares the remaining 7/8; so free text
 *       ends after 8 tokens on average instead of almost never (EOS is 1 of ~100k tokens);</li>
 *   <li>EOS not allowed: uniform over {@code A}.</li>
 * </ul>
 * One choice among these (EOS with probability 1/8 when allowed, else a uniform allowed token), drawn from a
 * SplitMix64 hash of (seed, every context token id), is the favourite: its weight is raised to
 * {@value #FAVOURITE_BOOST} times the largest other weight, so argmax decoding walks a pseudo-random but
 * reproducible path: the same seed and prompt give the same output on every machine. Sampling draws from the
 * same distribution with the request's seed (or, when none is given, the model seed mixed with the prompt).
 *
 * <p>{@link #score} and {@link #nextLogprobs} use the unconstrained distribution (every non-special token
 * allowed, EOS allowed). Without a token limit a hole ends after at most {@value #DEFAULT_MAX_TOKENS} tokens
 * (finish reason {@code length}), so no query on this model can run forever.
 */
public final class RandomModel implements MaskAwareModel {
    /** Weight multiplier of the seeded favourite choice (keeps argmax reproducible yet pseudo-random). */
    static final double FAVOURITE_BOOST = 1.01;
    /** Probability mass of EOS whenever the constraint allows it. */
    static final double EOS_MASS = 1.0 / 8;
    /** Token limit of a hole when the request sets none. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    private final String id;
    private final Tokenizer tokenizer;
    private final long seed;
    private final TokenMask freeMask;

    public RandomModel(String id, Tokenizer tokenizer, long seed) {
        this.id = id;
        this.tokenizer = tokenizer;
        this.seed = seed;
        this.freeMask = nonSpecial(tokenizer);
    }

    /** A cache, not state: the free-text mask of each tokenizer (computing it walks the whole vocabulary). */
    private static final java.util.Map<Tokenizer, TokenMask> FREE_MASKS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static TokenMask nonSpecial(Tokenizer tokenizer) {
        return FREE_MASKS.computeIfAbsent(tokenizer, RandomModel::computeNonSpecial);
    }

    private static TokenMask computeNonSpecial(Tokenizer tokenizer) {
        int v = tokenizer.vocabSize();
        long[] words = new long[TokenMask.wordCount(v)];
        for (int i = 0; i < v; i++) {
            if (!tokenizer.isSpecial(i) && tokenizer.tokenBytes(i).length > 0) {
                words[i >>> 6] |= 1L << i;
            }
        }
        return TokenMask.ofWords(words, v);
    }

    public long seed() {
        return seed;
    }

    @Override
    public String id() {
        return id;
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", "random");
        m.put("model", id);
        m.put("seed", seed);
        m.put("tokenizer", tokenizer.name());
        return m;
    }

    @Override
    public CompletableFuture<List<GeneratedSequence>> generate(GenerationRequest request) {
        try {
            return CompletableFuture.completedFuture(MaskedDecoder.generate(this, withDefaults(request), "random"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Applies the model's token limit and, for unseeded sampling, the model seed mixed with the prompt. */
    private GenerationRequest withDefaults(GenerationRequest r) {
        Integer maxTokens = r.maxTokens() == null ? Integer.valueOf(DEFAULT_MAX_TOKENS) : r.maxTokens();
        SamplingParams s = r.sampling();
        if (s.seed() == null && !s.greedy()) {
            long derived = SeededRandom.hash(seed, r.promptTokens(), r.promptTokens().length);
            s = new SamplingParams(s.temperature(), s.topP(), s.topK(), derived, s.n());
        }
        return new GenerationRequest(r.promptTokens(), r.promptText(), r.messages(), r.constraint(), s, maxTokens,
                r.tracer(), r.chunkSize(), r.tokenListener());
    }

    @Override
    public CompletableFuture<float[]> score(ScoreRequest request) {
        int[] prompt = request.promptTokens();
        int[] cont = request.continuationTokens();
        int[] context = Arrays.copyOf(prompt, prompt.length + cont.length);
        float[] out = new float[cont.length];
        for (int i = 0; i < cont.length; i++) {
            out[i] = logprob(context, prompt.length + i, freeMask, true, cont[i]);
            context[prompt.length + i] = cont[i];
        }
        ModelCallEvent.scoring("random").model(identity()).tokenizer(tokenizer.name()).promptIds(prompt)
                .scores(cont, out).record(request.tracer());
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public float[] nextLogprobs(int[] context) {
        return distribution(context, context.length, freeMask, true);
    }

    @Override
    public float[] maskedLogprobs(int[] context, ConstraintState state) {
        return distribution(context, context.length, state.allowedTokens(), state.eosAllowed());
    }

    /** The full distribution over the vocabulary; -inf outside the allowed tokens. */
    private float[] distribution(int[] context, int length, TokenMask allowed, boolean eosAllowed) {
        float[] out = new float[tokenizer.vocabSize()];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        Shape shape = shape(context, length, allowed, eosAllowed);
        float base = (float) shape.tokenLogprob;
        allowed.forEach(id -> out[id] = base);
        if (eosAllowed) {
            out[tokenizer.eos()] = (float) shape.eosLogprob;
        }
        if (shape.favourite >= 0) {
            out[shape.favourite] = (float) shape.favouriteLogprob;
        }
        return out;
    }

    private float logprob(int[] context, int length, TokenMask allowed, boolean eosAllowed, int token) {
        Shape shape = shape(context, length, allowed, eosAllowed);
        if (token == shape.favourite) {
            return (float) shape.favouriteLogprob;
        }
        if (token == tokenizer.eos() && eosAllowed) {
            return (float) shape.eosLogprob;
        }
        return allowed.contains(token) ? (float) shape.tokenLogprob : Float.NEGATIVE_INFINITY;
    }

    /** The closed form of the distribution: weights of EOS and ordinary tokens, and the boosted favourite. */
    private Shape shape(int[] context, int length, TokenMask allowed, boolean eosAllowed) {
        int n = allowed.cardinality();
        double eosWeight = eosAllowed ? (n == 0 ? 1.0 : EOS_MASS) : 0.0;
        double tokenWeight = n == 0 ? 0.0 : (eosAllowed ? (1 - EOS_MASS) / n : 1.0 / n);
        long h = SeededRandom.hash(seed, context, length);
        SeededRandom draw = new SeededRandom(h);
        int favourite;
        boolean favouriteIsEos;
        if (n == 0 || (eosAllowed && draw.nextDouble() < EOS_MASS)) {
            // EOS is drawn with probability 1/8 whenever it is allowed
            favourite = eosAllowed ? tokenizer.eos() : -1;
            favouriteIsEos = true;
        } else {
            favourite = nth(allowed, draw.nextInt(n));
            favouriteIsEos = false;
        }
        // the favourite is the strict maximum, so argmax follows the seeded draw
        double favouriteWeight = Math.max(eosWeight, tokenWeight) * FAVOURITE_BOOST;
        double replaced = favourite < 0 ? 0 : (favouriteIsEos ? eosWeight : tokenWeight);
        double total = eosWeight + tokenWeight * n - replaced + (favourite < 0 ? 0 : favouriteWeight);
        return new Shape(Math.log(tokenWeight / total), Math.log(eosWeight / total), favourite,
                Math.log(favouriteWeight / total));
    }

    /** The {@code index}-th allowed id in increasing order. */
    private static int nth(TokenMask mask, int index) {
        long[] words = mask.toWords();
        int remaining = index;
        for (int w = 0; w < words.length; w++) {
            int bits = Long.bitCount(words[w]);
            if (remaining < bits) {
                long word = words[w];
                for (int k = 0; k < remaining; k++) {
                    word &= word - 1;
                }
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            remaining -= bits;
        }
        throw new IllegalStateException("index " + index + " beyond mask " + mask);
    }

    private record Shape(double tokenLogprob, double eosLogprob, int favourite, double favouriteLogprob) {
    }

    @Override
    public String toString() {
        return "RandomModel(seed=" + seed + ", tokenizer=" + tokenizer.name() + ")";
    }
}
