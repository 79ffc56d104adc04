package dev.lmql.backend;

import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.ConstraintViolationException;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.ModelCallEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The masked decoding loop shared by every {@link LogitsModel} (the random model, the local GGUF engine).
 *
 * <p>Per step: the model's log-probabilities are restricted to the tokens the constraint state allows (plus EOS
 * when the value may end), renormalised, and a token is chosen by argmax or by seeded sampling with temperature,
 * top_k and top_p. A sequence ends on EOS ({@link FinishReason#EOS}), when a stop phrase fired
 * ({@link FinishReason#STOP}) or at the token limit ({@link FinishReason#LENGTH}). A state from which no value
 * can satisfy the constraint raises {@link ConstraintViolationException} instead of looping.
 *
 * <p>Each accepted token goes to the request's {@link TokenListener} as soon as it is chosen (mask decoding never
 * retracts a token).
 *
 * <p>The reported log-probabilities are those of the masked, renormalised distribution at temperature 1, so
 * they are comparable across decoders and with {@link LanguageModel#score}.
 */
public final class MaskedDecoder {

    private MaskedDecoder() {
    }

    /**
     * Generates {@code request.sampling().n()} sequences and records one {@code <backend>.generate} event and
     * the metrics on the request's tracer.
     *
     * @param backend the backend name used for the event and metrics, e.g. {@code random} or {@code local}
     */
    public static List<GeneratedSequence> generate(LogitsModel model, GenerationRequest request, String backend) {
        SamplingParams sampling = request.sampling();
        long seed = effectiveSeed(sampling);
        List<GeneratedSequence> out = new ArrayList<>(sampling.n());
        for (int i = 0; i < sampling.n(); i++) {
            SeededRandom rng = new SeededRandom(SeededRandom.derive(seed, i));
            out.add(decodeOne(model, request, rng, i));
        }
        record(model, request, seed, out, backend);
        return List.copyOf(out);
    }

    /** The seed to draw with: the requested one, or a fresh one (recorded in the event so a run can be replayed). */
    static long effectiveSeed(SamplingParams sampling) {
        if (sampling.seed() != null) {
            return sampling.seed();
        }
        return SeededRandom.mix(System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L);
    }

    /** Decodes one sequence with the given random source (reported to the token listener as sequence 0). */
    public static GeneratedSequence decodeOne(LogitsModel model, GenerationRequest request, SeededRandom rng) {
        return decodeOne(model, request, rng, 0);
    }

    /**
     * Decodes one sequence with the given random source, telling the request's token listener each token as it is
     * accepted.
     *
     * @param sequence the sequence's index, for the token listener
     */
    public static GeneratedSequence decodeOne(LogitsModel model, GenerationRequest request, SeededRandom rng,
            int sequence) {
        TokenListener listener = request.tokenListener();
        TokenConstraint constraint = request.constraint();
        Tokenizer tokenizer = model.tokenizer();
        int limit = limit(request);
        int[] context = Arrays.copyOf(request.promptTokens(), request.promptTokens().length + Math.min(limit, 256));
        int contextLength = request.promptTokens().length;
        ConstraintState state = constraint.start();
        IntList tokens = new IntList();
        List<Float> logprobs = new ArrayList<>();
        FinishReason finish;
        while (true) {
            if (state.isComplete()) {
                finish = FinishReason.STOP;
                break;
            }
            if (tokens.size() >= limit) {
                finish = FinishReason.LENGTH;
                break;
            }
            if (state.isDead()) {
                throw dead(constraint, state);
            }
            TokenMask allowed = state.allowedTokens();
            int token;
            float logprob;
            if (allowed.isEmpty()) {
                // only EOS remains: the value is finished, no model call needed
                finish = FinishReason.EOS;
                break;
            } else if (allowed.cardinality() == 1 && !state.eosAllowed()) {
                // a forced token has probability 1 under the masked distribution
                token = allowed.toArray()[0];
                logprob = 0f;
            } else {
                float[] masked = maskedLogprobs(model, Arrays.copyOf(context, contextLength), state);
                token = choose(masked, request.sampling(), rng);
                logprob = masked[token];
            }
            if (token == tokenizer.eos()) {
                finish = FinishReason.EOS;
                break;
            }
            state = state.advance(token);
            tokens.add(token);
            logprobs.add(logprob);
            if (contextLength == context.length) {
                context = Arrays.copyOf(context, context.length * 2 + 16);
            }
            context[contextLength++] = token;
            listener.onTokens(sequence, new int[] {token});
        }
        int[] ids = tokens.toArray();
        float[] lps = new float[logprobs.size()];
        for (int i = 0; i < lps.length; i++) {
            lps[i] = logprobs.get(i);
        }
        return new GeneratedSequence(ids, lps, tokenizer.decode(ids), finish, "token-mask");
    }

    private static int limit(GenerationRequest request) {
        int limit = request.maxTokens() == null ? Integer.MAX_VALUE : Math.max(0, request.maxTokens());
        if (request.constraint().maxTokens().isPresent()) {
            limit = Math.min(limit, request.constraint().maxTokens().getAsInt());
        }
        return limit;
    }

    static ConstraintViolationException dead(TokenConstraint constraint, ConstraintState state) {
        String value = new String(state.valueBytes(), StandardCharsets.UTF_8);
        return new ConstraintViolationException("no token can continue the value \"" + value
                + "\" under the constraint " + constraint.describe()
                + ": the constraint can no longer be satisfied (check the where clause for contradictions)");
    }

    /**
     * The next-token log-probabilities restricted to the tokens {@code state} allows (plus EOS when the value
     * may end) and renormalised; {@code Float.NEGATIVE_INFINITY} for every other id.
     *
     * @throws ConstraintViolationException when the model gives probability zero to every allowed token
     */
    public static float[] maskedLogprobs(LogitsModel model, int[] context, ConstraintState state) {
        if (model instanceof MaskAwareModel) {
            return ((MaskAwareModel) model).maskedLogprobs(context, state);
        }
        float[] logits = model.nextLogprobs(context);
        float[] out = new float[logits.length];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        state.allowedTokens().forEach(id -> out[id] = logits[id]);
        int eos = model.tokenizer().eos();
        if (state.eosAllowed()) {
            out[eos] = logits[eos];
        }
        double norm = logSumExp(out);
        if (norm == Double.NEGATIVE_INFINITY) {
            throw new ConstraintViolationException("the model " + model.id()
                    + " gives probability 0 to every token the constraint allows after "
                    + context.length + " context tokens");
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] - norm);
        }
        return out;
    }

    /** log(sum(exp(x))) over the finite entries; {@code -inf} when there are none. */
    public static double logSumExp(float[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (float v : x) {
            if (v != Float.NEGATIVE_INFINITY) {
                sum += Math.exp(v - max);
            }
        }
        return max + Math.log(sum);
    }

    /**
     * Picks a token from log-probabilities ({@code -inf} = not allowed): the most likely one (lowest id on ties)
     * when greedy, else a draw at the given temperature after the top_k and top_p cuts.
     */
    public static int choose(float[] logprobs, SamplingParams params, SeededRandom rng) {
        if (params.greedy()) {
            return argmax(logprobs);
        }
        int count = 0;
        for (float v : logprobs) {
            if (v != Float.NEGATIVE_INFINITY) {
                count++;
            }
        }
        int[] ids = new int[count];
        int n = 0;
        for (int i = 0; i < logprobs.length; i++) {
            if (logprobs[i] != Float.NEGATIVE_INFINITY) {
                ids[n++] = i;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no token to choose from: every log-probability is -inf");
        }
        boolean cut = params.topK() != null || params.topP() != null;
        if (cut) {
            ids = sortedByLogprob(ids, logprobs);
            if (params.topK() != null && params.topK() > 0 && params.topK() < ids.length) {
                ids = Arrays.copyOf(ids, params.topK());
            }
        }
        double max = logprobs[argmaxOf(ids, logprobs)];
        double[] weights = new double[ids.length];
        double total = 0;
        for (int i = 0; i < ids.length; i++) {
            weights[i] = Math.exp((logprobs[ids[i]] - max) / params.temperature());
            total += weights[i];
        }
        int keep = ids.length;
        if (params.topP() != null && params.topP() < 1.0) {
            double cum = 0;
            for (int i = 0; i < ids.length; i++) {
                cum += weights[i] / total;
                if (cum >= params.topP()) {
                    keep = i + 1;
                    break;
                }
            }
            total = 0;
            for (int i = 0; i < keep; i++) {
                total += weights[i];
            }
        }
        double r = rng.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            r -= weights[i];
            if (r < 0) {
                return ids[i];
            }
        }
        return ids[keep - 1];
    }

    /** The id with the highest log-probability, lowest id on ties. */
    public static int argmax(float[] logprobs) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logprobs.length; i++) {
            if (logprobs[i] > bestValue) {
                bestValue = logprobs[i];
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no token to choose from: every log-probability is -inf");
        }
        return best;
    }

    private static int argmaxOf(int[] ids, float[] logprobs) {
        int best = ids[0];
        for (int id : ids) {
            if (logprobs[id] > logprobs[best]) {
                best = id;
            }
        }
        return best;
    }

    private static int[] sortedByLogprob(int[] ids, float[] logprobs) {
        Integer[] boxed = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Float.compare(logprobs[b], logprobs[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[ids.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /** Records the call in the library's model-call layout ({@code <backend>.generate}, see ModelCallEvent). */
    private static void record(LogitsModel model, GenerationRequest request, long seed,
            List<GeneratedSequence> out, String backend) {
        SamplingParams s = request.sampling();
        ModelCallEvent event = ModelCallEvent.generation(backend)
                .model(model.identity())
                .tokenizer(model.tokenizer().name())
                .promptIds(request.promptTokens())
                .maxTokens(request.maxTokens())
                .sampling(s.temperature(), s.topP(), s.topK(), seed, s.n())
                .constraint(request.constraint().describe())
                .strategy("token-mask");
        for (GeneratedSequence g : out) {
            event.result(g.tokens(), g.text(), g.finishReason().wireName());
        }
        event.record(request.tracer());
    }

    /** A growable int array. */
    static final class IntList {
        private int[] items = new int[16];
        private int size;

        void add(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
