package dev.lmql.cli;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.cli.serve.ModelServer;
import dev.lmql.cli.serve.ServerOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lmql serve-model <model-id>}: one loaded model behind an OpenAI-compatible HTTP API. */
@Command(name = "serve-model", mixinStandardHelpOptions = true,
        description = {"Serve a local model over an OpenAI-compatible HTTP API (/v1/completions, /v1/models, /health),",
                "so several processes share one loaded model. Listens on loopback unless --host says otherwise.",
                "Stop with Ctrl-C: running requests finish first."})
final class ServeModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "MODEL", description = "a model id whose logits the library computes, e.g. local:stories260K.gguf or random")
    String modelId;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to bind (default: ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;
    @Option(names = "--threads", description = "inference threads of the local engine (default: all cores)")
    Integer threads;
    @Option(names = "--parallel", defaultValue = "2", description = "requests generating at once (default: ${DEFAULT-VALUE})")
    int parallel;
    @Option(names = "--queue", defaultValue = "64", description = "requests that may wait; more get HTTP 429 (default: ${DEFAULT-VALUE})")
    int queue;

    /** Released by tests (or never, when run from a terminal) to stop the server. */
    static volatile CountDownLatch stopSignal;

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting through this very hook.
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        if (threads != null) {
            options.put("threads", threads);
        }
        LanguageModel model = ModelRegistry.create(modelId, options);
        if (!(model instanceof LogitsModel logits)) {
            throw new CliException(modelId + " is not a model whose logits this library computes; serve-model serves "
                    + "local models (local:<file.gguf>) and the random model.");
        }
        CountDownLatch stop = new CountDownLatch(1);
        stopSignal = stop;
        try (ModelServer server = new ModelServer(logits, modelId,
                new ServerOptions(host, port, parallel, queue, 4096)).start()) {
            Thread hook = new Thread(stop::countDown, "lmql-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getErr().println("serving " + modelId + " at " + server.baseUrl()
                    + " (POST /v1/completions, GET /v1/models, GET /health)");
            spec.commandLine().getErr().flush();
            try {
                stop.await();
            } finally {
                removeHook(hook);
            }
        } finally {
            model.close();
        }
        return ExitCodes.OK;
    }
}
