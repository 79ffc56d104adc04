package dev.lmql;

import dev.lmql.decode.Session;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.Redaction;
import dev.lmql.trace.TraceContext;
import dev.lmql.trace.TraceScope;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point: models ({@link #model}), the default model, generation and scoring with the default model,
 * dynamic queries ({@link #F}) and the implementations of {@code @Query} interfaces ({@link #create}).
 *
 * <pre>{@code
 * LLM m = Lmql.model("random", Map.of("seed", 1));
 * String s = m.generateSync("Hello", 10);
 * QueryResult r = Lmql.F("Greet the world:[GREETING]", "STOPS_AT(GREETING, \".\")").run(m, Map.of());
 * Greeter g = Lmql.create(Greeter.class, m);
 * }</pre>
 */
public final class Lmql {
    /** The environment variable naming the default model, e.g. {@code LMQL_DEFAULT_MODEL=random}. */
    public static final String DEFAULT_MODEL_ENV = "LMQL_DEFAULT_MODEL";
    /** The documented process-wide default model (null: use the environment variable). */
    private static volatile LLM defaultModel;
    /** The model made from the environment variable, so every call shares it (and its cache). */
    private static volatile LLM environmentModel;

    private Lmql() {
    }

    // ---- models ----

    /** A model by id ({@code random}, {@code local:<file.gguf>}, {@code openai/<model>}, ...); created lazily. */
    public static LLM model(String id) {
        return new LLM(id, Map.of());
    }

    /** A model by id with backend options, e.g. {@code Map.of("seed", 1)}; created lazily. */
    public static LLM model(String id, Map<String, Object> options) {
        return new LLM(id, options);
    }

    /** Sets the process-wide default model by id (null clears it, falling back to {@code LMQL_DEFAULT_MODEL}). */
    public static void setDefaultModel(String id) {
        defaultModel = id == null ? null : model(id);
    }

    /** Sets the process-wide default model (null clears it, falling back to {@code LMQL_DEFAULT_MODEL}). */
    public static void setDefaultModel(LLM model) {
        defaultModel = model;
    }

    /**
     * The default model: the one set with {@link #setDefaultModel}, else the one named by
     * {@code LMQL_DEFAULT_MODEL}.
     *
     * @throws IllegalStateException when neither is set
     */
    public static LLM defaultModel() {
        LLM m = defaultModel;
        if (m != null) {
            return m;
        }
        String env = System.getenv(DEFAULT_MODEL_ENV);
        if (env == null || env.isBlank()) {
            throw new IllegalStateException("no default model: call Lmql.setDefaultModel(\"random\") (or a model id "
                    + "such as \"local:stories260K.gguf\" or \"openai/gpt-4o-mini\"), set the environment variable "
                    + DEFAULT_MODEL_ENV + ", or pass a model to the call");
        }
        synchronized (Lmql.class) {
            if (environmentModel == null || !environmentModel.id().equals(env.strip())) {
                environmentModel = model(env.strip());
            }
            return environmentModel;
        }
    }

    // ---- generate and score with the default model ----

    /** {@link LLM#generate(String, Integer, GenerateOptions)} on the default model. */
    public static CompletableFuture<String> generate(String prompt, Integer maxTokens, GenerateOptions options) {
        return defaultModel().generate(prompt, maxTokens, options);
    }

    /** {@link LLM#generate(String, Integer)} on the default model. */
    public static CompletableFuture<String> generate(String prompt, Integer maxTokens) {
        return defaultModel().generate(prompt, maxTokens);
    }

    /** Blocking {@link #generate(String, Integer, GenerateOptions)}. */
    public static String generateSync(String prompt, Integer maxTokens, GenerateOptions options) {
        return defaultModel().generateSync(prompt, maxTokens, options);
    }

    /** Blocking {@link #generate(String, Integer)}. */
    public static String generateSync(String prompt, Integer maxTokens) {
        return defaultModel().generateSync(prompt, maxTokens);
    }

    /** {@link LLM#generateAll} on the default model. */
    public static CompletableFuture<List<String>> generateAll(String prompt, Integer maxTokens,
            GenerateOptions options) {
        return defaultModel().generateAll(prompt, maxTokens, options);
    }

    /** {@link LLM#score(String, List)} on the default model. */
    public static CompletableFuture<ScoringResult> score(String prompt, List<String> values) {
        return defaultModel().score(prompt, values);
    }

    /** Blocking {@link #score(String, List)}. */
    public static ScoringResult scoreSync(String prompt, List<String> values) {
        return defaultModel().scoreSync(prompt, values);
    }

    // ---- queries ----

    /** A dynamic query from a template (LMQL's {@code lmql.F}). */
    public static LmqlQuery F(String template) {
        return LmqlQuery.of(template);
    }

    /** A dynamic query from a template and a where clause. */
    public static LmqlQuery F(String template, String where) {
        return LmqlQuery.of(template).where(where);
    }

    /** A scripted-prompting session on the model (argmax). */
    public static Session session(LLM model) {
        return model.session();
    }

    // ---- @Query interfaces ----

    /**
     * The generated implementation of a {@code @Query} interface, on the default model (or the interface's own).
     *
     * @throws IllegalArgumentException when the generated class is missing or cannot be created
     */
    public static <T> T create(Class<T> iface) {
        return instantiate(iface, null);
    }

    /** The generated implementation of a {@code @Query} interface, on the given model. */
    public static <T> T create(Class<T> iface, LLM model) {
        if (model == null) {
            throw new IllegalArgumentException("model is null: use Lmql.create(" + iface.getSimpleName()
                    + ".class) for the default model");
        }
        return instantiate(iface, model);
    }

    /**
     * The generated class's name: same package, the nested simple names joined with {@code _}, plus {@code Lmql}
     * ({@code Outer.Greeter} → {@code Outer_GreeterLmql}).
     */
    static String generatedName(Class<?> iface) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = iface; c != null; c = c.getEnclosingClass()) {
            names.add(0, c.getSimpleName());
        }
        String pkg = iface.getPackageName();
        return (pkg.isEmpty() ? "" : pkg + ".") + String.join("_", names) + "Lmql";
    }

    private static <T> T instantiate(Class<T> iface, LLM model) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface: Lmql.create takes an interface "
                    + "with @Query methods");
        }
        String name = generatedName(iface);
        Class<?> impl;
        try {
            impl = Class.forName(name, true, iface.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no generated implementation " + name + " for " + iface.getName()
                    + ": is the lmql-processor on the annotation processor path, and does the interface have "
                    + "@Query methods?", e);
        }
        if (!iface.isAssignableFrom(impl)) {
            throw new IllegalArgumentException(name + " does not implement " + iface.getName()
                    + ": rebuild so the lmql-processor regenerates it");
        }
        try {
            Constructor<?> ctor = model == null ? impl.getConstructor() : impl.getConstructor(LLM.class);
            return iface.cast(ctor.newInstance(model == null ? new Object[0] : new Object[] {model}));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(name + " has no public " + (model == null ? "no-argument" : "(LLM)")
                    + " constructor: rebuild so the lmql-processor regenerates it", e);
        } catch (InvocationTargetException e) {
            throw Calls.unwrap(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + name + ": " + e, e);
        }
    }
    // ---- certificates: tracing scopes, redaction, replay (maintained with dev.lmql.trace) ----

    /**
     * Opens a tracing scope (LMQL's {@code lmql.traced}): every query, {@code generate} and {@code score} call made
     * inside — on this thread or threads it starts — is recorded as a child; scopes opened inside become nested
     * children. Use with try-with-resources and get the certificate with {@link #certificate(TraceScope)}.
     */
    public static TraceScope traced(String name) {
        return TraceContext.open(name);
    }

    /**
     * The combined certificate of everything recorded in the scope so far; for {@code null} or
     * {@link TraceScope#untraced()} LMQL's warning certificate.
     */
    public static InferenceCertificate certificate(TraceScope scope) {
        return scope == null ? InferenceCertificate.untraced() : scope.certificate();
    }

    /** The certificate of the innermost open {@link #traced} scope of this thread, or LMQL's warning certificate. */
    public static InferenceCertificate certificate() {
        return certificate(TraceContext.currentScope().orElse(null));
    }

    /** Adds keys whose values are removed from all certificates recorded from now on (case-insensitive). */
    public static void addExtraRedactKeys(String... keys) {
        Redaction.addExtraRedactKeys(keys);
    }

    /**
     * Re-runs every query and {@code generate}/{@code score} call the certificate records, against the same model
     * (created again from the recorded id and options), and compares the model calls token for token.
     */
    public static VerificationReport replay(InferenceCertificate certificate) {
        return Replay.replay(certificate, (name, query) -> ReplayRunner.rerun(name, query, null));
    }

    /**
     * As {@link #replay(InferenceCertificate)}, on a fresh instance of the given model's id and options (e.g. the same
     * GGUF file at another path, or an HTTP model with its credentials); fresh, so no cached answer is reused.
     */
    public static VerificationReport replay(InferenceCertificate certificate, LLM model) {
        java.util.Objects.requireNonNull(model, "model");
        return Replay.replay(certificate, (name, query) -> ReplayRunner.rerun(name, query, model));
    }
}
