package dev.lmql.backend.local;

import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.MaskedDecoder;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.SamplingParams;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.ModelCallEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A LLaMA-family GGUF model running in-process on the pure-Java engine ({@code local:<file.gguf>}).
 *
 * <p>Full token masks apply to its logits ({@link MaskedDecoder}). KV caches are kept in a small LRU of sessions:
 * a call whose context extends (or shares a prefix with) an earlier one only processes the new tokens. Thread-safe:
 * concurrent calls use different sessions; matrix products use a fixed pool of {@code threads} threads.
 *
 * <p>Supported: architectures {@code llama}, {@code mistral} (normal RoPE) and {@code qwen2} (NeoX RoPE, QKV bias);
 * tensor types F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K. Options: {@code threads} (default: available processors),
 * {@code seed} (default sampling seed), {@code context_length} (at most the model's), {@code kv_cache}
 * ({@code f32}, or {@code f16} to reproduce llama.cpp's f16 KV cache and flash-attention numerics).
 *
 * <p>JVM flags: run with {@code --add-modules jdk.incubator.vector} to use the Java Vector API for float dot
 * products (the JVM prints a one-line incubator warning); without it a plain-Java loop is used.
 * {@code -Dlmql.local.vector=false} turns the Vector API off even when the module is present. {@link #identity()}
 * reports which one is in use.
 */
public final class LocalModel implements LogitsModel {
    /** Sessions (KV caches) kept for prefix reuse. */
    static final int SESSIONS = 4;

    private final String id;
    private final Path path;
    private final LlamaConfig config;
    private final Tokenizer tokenizer;
    private final LocalModelOptions options;
    private final int contextLength;
    private final ParallelRunner parallel;
    private final Transformer transformer;
    private final SessionPool sessions;
    private final ExecutorService requests;
    private volatile String sha256;

    LocalModel(String id, Path path, LlamaWeights weights, Tokenizer tokenizer, LocalModelOptions options) {
        this.id = id;
        this.path = path.toAbsolutePath().normalize();
        this.config = weights.config();
        this.tokenizer = tokenizer;
        this.options = options;
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IllegalArgumentException(path + ": the tokenizer has " + tokenizer.vocabSize()
                    + " tokens but the embedding table only " + config.vocabSize() + " rows");
        }
        this.contextLength = options.contextLength() == null ? config.contextLength()
                : Math.min(options.contextLength(), config.contextLength());
        this.parallel = new ParallelRunner(options.threads());
        this.transformer = new Transformer(weights, parallel, contextLength);
        boolean half = options.kvCache().equals("f16");
        this.sessions = new SessionPool(SESSIONS, config, () -> new Session(new KvCache(config, contextLength, half)));
        this.requests = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lmql-local-request");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads a GGUF model file (weights stay memory-mapped).
     *
     * @param id the model id to report, e.g. {@code local:stories260K.gguf}
     * @throws IOException when the file cannot be read
     * @throws dev.lmql.backend.local.gguf.GgufFormatException when the file is not a valid GGUF file
     * @throws UnsupportedOperationException for an architecture or tensor type the engine does not support
     */
    public static LocalModel open(String id, Path path, LocalModelOptions options) throws IOException {
        GgufFile file = GgufFile.open(path);
        LlamaWeights weights = LlamaLoader.load(file);
        Tokenizer tokenizer = GgufTokenizers.fromGguf(file);
        return new LocalModel(id, path, weights, tokenizer, options);
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

    /** Tokens run through the network since loading (tokens served from a cached prefix are not counted). */
    public long processedTokens() {
        return transformer.processedTokens();
    }

    /** The context length in tokens this instance allows. */
    public int contextLength() {
        return contextLength;
    }

    @Override
    public Map<String, Object> identity() {
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("threads", options.threads());
        engine.put("vector_api", SimdDot.ENABLED);
        engine.put("vector_quantized_kernels", SimdDot.QUANTIZED);
        engine.put("kv_cache", options.kvCache());
        engine.put("context_length", contextLength);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", "local");
        m.put("model", path.getFileName().toString());
        m.put("id", id);
        m.put("path", path.toString());
        m.put("sha256", sha256());
        m.put("architecture", config.architecture());
        m.put("engine", engine);
        return m;
    }

    /** Files at least this large show a progress bar while their SHA-256 is computed. */
    static final long HASH_PROGRESS_BYTES = 256L << 20;

    /** The SHA-256 of the model file, computed on first use and cached. */
    public String sha256() {
        String h = sha256;
        if (h == null) {
            synchronized (this) {
                if (sha256 == null) {
                    sha256 = digest(path);
                }
                h = sha256;
            }
        }
        return h;
    }

    static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = Files.size(file);
            // Hashing a multi-gigabyte model takes seconds: show progress for big files only.
            ProgressBar bar = size >= HASH_PROGRESS_BYTES
                    ? new ProgressBar(System.err, "sha256 " + file.getFileName(), size) : null;
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                if (bar != null) {
                    bar.advance(n);
                }
            }
            if (bar != null) {
                bar.finish();
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to compute its SHA-256", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public float[] nextLogprobs(int[] context) {
        checkContext(context.length, "context");
        Session s = sessions.acquire(context);
        try {
            float[] logits = s.logitsAfter(transformer, context);
            return VectorMath.logSoftmax(logits, 0, tokenizer.vocabSize());
        } finally {
            sessions.release(s);
        }
    }

    @Override
    public CompletableFuture<List<GeneratedSequence>> generate(GenerationRequest request) {
        int prompt = request.promptTokens().length;
        checkContext(prompt, "prompt");
        int room = contextLength - prompt;
        Integer max = request.maxTokens() == null ? Integer.valueOf(room) : Integer.valueOf(Math.min(request.maxTokens(), room));
        SamplingParams s = request.sampling();
        if (s.seed() == null && options.seed() != null) {
            s = new SamplingParams(s.temperature(), s.topP(), s.topK(), options.seed(), s.n());
        }
        GenerationRequest bounded = new GenerationRequest(request.promptTokens(), request.promptText(),
                request.messages(), request.constraint(), s, max, request.tracer(), request.chunkSize(),
                request.tokenListener());
        return CompletableFuture.supplyAsync(() -> MaskedDecoder.generate(this, bounded, "local"), requests);
    }

    @Override
    public CompletableFuture<float[]> score(ScoreRequest request) {
        return CompletableFuture.supplyAsync(() -> scoreNow(request), requests);
    }

    private float[] scoreNow(ScoreRequest request) {
        int[] prompt = request.promptTokens();
        int[] continuation = request.continuationTokens();
        checkContext(prompt.length + continuation.length, "prompt and continuation");
        if (prompt.length == 0) {
            throw new IllegalArgumentException("cannot score without a prompt: start it with the BOS token");
        }
        float[] result = new float[continuation.length];
        if (continuation.length > 0) {
            int[] sequence = Arrays.copyOf(prompt, prompt.length + continuation.length);
            System.arraycopy(continuation, 0, sequence, prompt.length, continuation.length);
            Session session = sessions.acquire(sequence);
            float[] logits;
            try {
                logits = session.logitsFor(transformer, sequence, prompt.length, sequence.length);
            } finally {
                sessions.release(session);
            }
            int vocab = config.vocabSize();
            for (int i = 0; i < continuation.length; i++) {
                float[] lp = VectorMath.logSoftmax(logits, i * vocab, tokenizer.vocabSize());
                result[i] = lp[continuation[i]];
            }
        }
        ModelCallEvent.scoring("local").model(identity()).tokenizer(tokenizer.name()).promptIds(prompt)
                .strategy("logits").scores(continuation, result).record(request.tracer());
        return result;
    }

    private void checkContext(int length, String what) {
        if (length == 0) {
            throw new IllegalArgumentException("the " + what + " is empty: a local model needs at least one token"
                    + " (prompts start with BOS)");
        }
        if (length > contextLength) {
            throw new IllegalArgumentException("the " + what + " has " + length + " tokens, more than the context"
                    + " length " + contextLength + " of " + id + " (shorten it, or raise the option context_length up"
                    + " to the model's " + config.contextLength() + ")");
        }
        if (length == contextLength && what.equals("prompt")) {
            throw new IllegalArgumentException("the prompt fills the whole context length " + contextLength + " of "
                    + id + ": no room to generate (shorten it or raise the option context_length)");
        }
    }

    @Override
    public void close() {
        parallel.close();
        requests.shutdownNow();
    }

    @Override
    public String toString() {
        return "LocalModel[" + id + ", " + config.architecture() + ", threads=" + options.threads() + "]";
    }
}
