package dev.lmql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lmql.Distribution;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryCall;
import dev.lmql.QueryResult;
import dev.lmql.decode.HoleListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lmql run <file.lmql | 'query'>}: runs a query in LMQL's standalone syntax or a bare template. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a query: a .lmql file or query text in LMQL's standalone syntax",
                "  (argmax \"Say hi:[X]\" from \"local:stories260K.gguf\" where STOPS_AT(X, \".\")),",
                "or a bare template (\"Say hi:[X]\"). Prints the variables (as they are generated with --stream),",
                "the distribution and, with --prompt, the final prompt."})
final class RunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "QUERY", description = "a .lmql file, or the query text itself")
    String query;
    @Option(names = "--model", description = "model id (overrides the query's 'from'; default: LMQL_DEFAULT_MODEL)")
    String model;
    @Option(names = "--decoder", description = "decoder clause, e.g. argmax or 'sample(n=2, temperature=0.7)'")
    String decoder;
    @Option(names = "--where", description = "where clause (overrides the query's)")
    String where;
    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "a {param} value; JSON values (numbers, lists) are parsed")
    Map<String, String> args = new LinkedHashMap<>();
    @Option(names = "--certificate", paramLabel = "PATH|stdout", description = "write the inference certificate")
    String certificate;
    @Option(names = "--prompt", description = "also print the final prompt")
    boolean printPrompt;
    @Option(names = "--stream", description = "print each variable's text as it is generated, token by token")
    boolean stream;

    @Override
    public Integer call() throws Exception {
        StandaloneQuery parsed = StandaloneQuery.parse(source());
        LmqlQuery q = LmqlQuery.of(parsed.template()).name("lmql-run");
        String whereClause = where != null ? where : parsed.where();
        if (whereClause != null) {
            q = q.where(whereClause);
        }
        String decoderClause = decoder != null ? decoder : parsed.decoder();
        if (decoderClause != null) {
            q = q.decoder(decoderClause);
        }
        if (parsed.distribution() != null) {
            q = q.distribution(parsed.distribution());
        }
        String modelId = model != null ? model : parsed.model();
        LLM llm = modelId != null ? Lmql.model(modelId) : null;
        List<QueryResult> results;
        StreamPrinter printer = stream ? new StreamPrinter(spec.commandLine().getOut()) : null;
        try {
            results = q.execute(new QueryCall(llm, arguments(), null, certificate),
                    printer == null ? HoleListener.NONE : printer).get();
        } catch (ExecutionException e) {
            if (printer != null) {
                printer.endOpenLine();
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        print(results);
        return ExitCodes.OK;
    }

    private String source() {
        if (query.endsWith(".lmql")) {
            Path file = Path.of(query);
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("cannot read query file " + file + ": " + e.getMessage());
            }
        }
        return query;
    }

    private Map<String, Object> arguments() {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((name, value) -> out.put(name, parseValue(value)));
        return out;
    }

    /** JSON numbers, booleans and lists become values; anything else stays text. */
    static Object parseValue(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node != null && (node.isNumber() || node.isBoolean() || node.isArray())) {
                return JSON.treeToValue(node, Object.class);
            }
        } catch (IOException notJson) {
            // plain text
        }
        return value;
    }

    private void print(List<QueryResult> results) {
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < results.size(); i++) {
            QueryResult r = results.get(i);
            if (results.size() > 1) {
                out.println("result " + (i + 1) + " of " + results.size() + ":");
            }
            if (!stream) {
                r.variables().forEach((name, value) -> out.println(name + " = " + render(value)
                        + finish(r, name)));
            }
            Distribution<String> d = r.distribution();
            if (d != null) {
                out.println("distribution " + r.distributionVariable() + ":");
                for (Distribution.Entry<String> e : d.entries()) {
                    out.println(String.format(java.util.Locale.ROOT, "  %-20s %.4f", render(e.value()),
                            e.probability()));
                }
            }
            if (printPrompt) {
                out.println("prompt:");
                out.println(r.prompt());
            }
        }
        out.flush();
    }

    private static String finish(QueryResult r, String name) {
        var reason = r.finishReasons().get(name);
        return reason == null || reason == dev.lmql.backend.FinishReason.STOP
                || reason == dev.lmql.backend.FinishReason.EOS ? "" : "   (finish: " + reason.wireName() + ")";
    }

    private static String render(Object value) {
        return StreamPrinter.render(value);
    }

}
