package dev.lmql.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryResult;
import dev.lmql.ScoringResult;
import dev.lmql.backend.LogitsModel;
import dev.lmql.backend.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** This library's OpenAI backend against its own model server, on loopback: constraints, scoring, many clients. */
class OpenAiClientAgainstServerTest {
    static ModelServer server;
    static LLM client;

    @BeforeAll
    static void start() throws Exception {
        LogitsModel model = (LogitsModel) ModelRegistry.create("random", Map.of("seed", 11));
        server = new ModelServer(model, "random", new ServerOptions("127.0.0.1", 0, 4, 128, 512)).start();
        client = Lmql.model("openai/random@" + server.baseUrl(), Map.of("server", "generic", "tokenizer", "cl100k_base",
                "echo", true, "logit_bias_limit", 100000, "api_key", "sk-local-not-a-secret"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void integerHoleOverHttpIsAnInteger() {
        QueryResult r = LmqlQuery.of("Count: [N]").where("INT(N) and len(TOKENS(N)) < 4").run(client, Map.of());
        assertThat(r.getString("N")).matches("-?\\d+");
    }

    @Test
    void choiceHoleOverHttpIsOneOfTheOptions() {
        QueryResult r = LmqlQuery.of("Answer: [A]").where("A in [\"yes\", \"no\", \"maybe\"]").run(client, Map.of());
        assertThat(r.getString("A")).isIn("yes", "no", "maybe");
    }

    @Test
    void scoringUsesEchoAndMatchesTheServedModel() {
        ScoringResult viaHttp = client.scoreSync("Hello", List.of(" world", " there"));
        ScoringResult local = Lmql.model("random", Map.of("seed", 11)).scoreSync("Hello", List.of(" world", " there"));
        for (int i = 0; i < 2; i++) {
            assertThat(viaHttp.scores("sum").get(i)).isCloseTo(local.scores("sum").get(i),
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void manyConcurrentClientsShareTheServer() {
        List<CompletableFuture<QueryResult>> calls = new ArrayList<>();
        LmqlQuery q = LmqlQuery.of("Client {i}: [X]").where("X in [\"a\", \"b\"]");
        for (int i = 0; i < 24; i++) {
            calls.add(q.runAsync(client, Map.of("i", i)));
        }
        for (CompletableFuture<QueryResult> c : calls) {
            assertThat(c.join().getString("X")).isIn("a", "b");
        }
    }
}
