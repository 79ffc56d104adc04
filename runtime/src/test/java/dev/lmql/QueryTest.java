package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.ChatMessage;
import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelCapabilities;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.backend.ScoreRequest;
import dev.lmql.decode.Session;
import dev.lmql.lang.QuerySyntaxException;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.TraceEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class QueryTest {
    private final LLM random = Lmql.model("random", Map.of("seed", 1));

    record Person(String name, Map<String, Object> info) {
    }

    @Test
    void simpleQueryKeepsThePromptAsTheModelSawIt() {
        QueryResult r = Lmql.F("Greet the world:[GREETING]").run(random, Map.of());
        String greeting = r.getString("GREETING");
        assertThat(r.prompt()).isEqualTo("Greet the world:" + greeting);
        assertThat(r.variables()).containsOnlyKeys("GREETING");
        assertThat(r.finishReasons()).containsKey("GREETING");
        assertThat(Lmql.F("Greet the world:[GREETING]").run(Lmql.model("random", Map.of("seed", 1)), Map.of()))
                .isEqualTo(r);
    }

    @Test
    void interpolationInsertsTextVerbatimAndReadsAccessors() {
        Person p = new Person("Ada [X] {y}", Map.of("city", "London"));
        QueryResult r = Lmql.F("Name: {p.name}, city: {p.info.city}, n={n}.[V]").maxTokens(3)
                .run(random, Map.of("p", p, "n", 7));
        assertThat(r.prompt()).startsWith("Name: Ada [X] {y}, city: London, n=7.");
        assertThat(r.variables()).containsOnlyKeys("V");
        assertThatThrownBy(() -> Lmql.F("Hi {who}[V]").run(random, Map.of()))
                .hasMessageContaining("no argument \"who\"");
        assertThatThrownBy(() -> Lmql.F("Hi {p.age}[V]").run(random, Map.of("p", p)))
                .hasMessageContaining("no record component, getter or method named \"age\"");
    }

    @Test
    void maxTokensEndsAHoleWithLength() {
        QueryResult r = Lmql.F("Count:[N] and then [M]").decoder("argmax(max_tokens=1)").run(random, Map.of());
        for (String v : List.of("N", "M")) {
            assertThat(random.getTokenizer().encode(r.getString(v)).length).isLessThanOrEqualTo(1);
        }
        // with max_len the budget covers the prompt too: after it is used up, holes are empty
        int promptLen = random.getTokenizer().encode("Count:").length;
        QueryResult tight = Lmql.F("Count:[N] and then [M]").decoder("argmax(max_len=" + (promptLen + 1) + ")")
                .run(Lmql.model("random", Map.of("seed", 11)), Map.of());
        assertThat(tight.getString("M")).isEmpty();
        assertThat(tight.finishReasons().get("M")).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void maxTokensGivesFinishReasonLength() {
        int lengths = 0;
        for (int seed = 0; seed < 20; seed++) {
            QueryResult r = Lmql.F("Say:[X]").maxTokens(2).run(Lmql.model("random", Map.of("seed", seed)), Map.of());
            if (r.finishReasons().get("X") == FinishReason.LENGTH) {
                lengths++;
                assertThat(random.getTokenizer().encode(r.getString("X")).length).isGreaterThanOrEqualTo(1);
            }
        }
        // EOS has mass 1/8 per step on the random model: most 2-token budgets are used up
        assertThat(lengths).isGreaterThan(5);
    }

    @Test
    void sampleReturnsNResultsDeterministicPerSeed() {
        LmqlQuery q = Lmql.F("A:[A] B:[B]").decoder("sample(n=3, seed=7, max_tokens=4)");
        List<QueryResult> out = q.runAll(random, Map.of());
        assertThat(out).hasSize(3);
        assertThat(q.runAll(Lmql.model("random", Map.of("seed", 1)), Map.of())).isEqualTo(out);
        List<QueryResult> other = Lmql.F("A:[A] B:[B]").decoder("sample(n=3, seed=8, max_tokens=4)")
                .runAll(random, Map.of());
        assertThat(other).isNotEqualTo(out);
        assertThat(out.stream().map(QueryResult::prompt).distinct().count()).isGreaterThan(1);
        assertThatThrownBy(() -> q.run(random, Map.of())).hasMessageContaining("use runAll");
    }

    @Test
    void beamReturnsResultsSortedByScore() {
        List<QueryResult> out = Lmql.F("Q:[A]").decoder("beam(n=2, max_tokens=3)").runAll(random, Map.of());
        assertThat(out).hasSize(2);
        assertThat(out.get(0).logprob()).isGreaterThanOrEqualTo(out.get(1).logprob());
        List<QueryResult> three = Lmql.F("Q:[A] R:[B]").decoder("beam(n=3, max_tokens=2)").runAll(random, Map.of());
        assertThat(three).hasSize(3);
        for (int i = 1; i < three.size(); i++) {
            assertThat(three.get(i - 1).logprob()).isGreaterThanOrEqualTo(three.get(i).logprob());
        }
        // the best beam scores at least as well as greedy decoding
        QueryResult greedy = Lmql.F("Q:[A]").decoder("argmax(max_tokens=3)").run(random, Map.of());
        assertThat(out.get(0).logprob()).isGreaterThanOrEqualTo(greedy.logprob() - 1e-6);
    }

    @Test
    void bestKReturnsKResultsSortedByScore() {
        List<QueryResult> out = Lmql.F("Q:[A]").decoder("best_k(k=3, max_tokens=2)").runAll(random, Map.of());
        assertThat(out).hasSize(3);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i - 1).logprob()).isGreaterThanOrEqualTo(out.get(i).logprob());
        }
        assertThat(out.stream().map(QueryResult::prompt).distinct()).hasSize(3);
    }

    @Test
    void beamNeedsALogitsModel() {
        LLM http = LLM.of(new ChatRecorder((LanguageModel) ModelRegistry.create("random", Map.of())));
        assertThatThrownBy(() -> Lmql.F("Q:[A]").decoder("beam(n=2)").runAll(http, Map.of()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("use argmax or sample");
    }

    @Test
    void distributionClauseScoresTheValues() {
        LmqlQuery q = Lmql.F("Review: great!\nSentiment:[LABEL]")
                .distribution("LABEL in [\" positive\", \" negative\", \" neutral and calm\"]");
        QueryResult r = q.run(random, Map.of());
        Distribution<String> d = r.distribution();
        assertThat(d.entries()).hasSize(3);
        assertThat(d.entries().stream().mapToDouble(Distribution.Entry::probability).sum())
                .isCloseTo(1.0, Offset.offset(1e-9));
        for (int i = 1; i < 3; i++) {
            assertThat(d.entries().get(i - 1).probability()).isGreaterThanOrEqualTo(d.entries().get(i).probability());
        }
        assertThat(r.getString("LABEL")).isEqualTo(d.mostLikely());
        assertThat(r.prompt()).isEqualTo("Review: great!\nSentiment:" + d.mostLikely());
        assertThat(r.distributionVariable()).isEqualTo("LABEL");
        // values from an argument
        QueryResult p = Lmql.F("Pick:[X]").distribution("X in options")
                .run(random, Map.of("options", List.of(" a", " b")));
        assertThat(p.distribution().entries()).hasSize(2);
        assertThatThrownBy(() -> Lmql.F("[X] then [Y]").distribution("X in [\"a\"]"))
                .hasMessageContaining("must be the last hole");
    }

    @Test
    void syntaxErrorsSurfaceWhereTheClauseIsSet() {
        assertThatThrownBy(() -> Lmql.F("Hello [X")).isInstanceOf(QuerySyntaxException.class);
        assertThatThrownBy(() -> Lmql.F("Hello [X]").where("STOPS_AT(X,")).isInstanceOf(QuerySyntaxException.class);
        assertThatThrownBy(() -> Lmql.F("Hello [X]").decoder("bogus(n=1)")).isInstanceOf(QuerySyntaxException.class);
    }

    @Test
    void roleTagsRenderForCompletionAndChatModels() {
        ChatRecorder chat = new ChatRecorder((LanguageModel) ModelRegistry.create("random", Map.of("seed", 2)));
        QueryResult r = Lmql.F("{:system}Be brief.{:user}Hi there{:assistant}[REPLY]").maxTokens(3)
                .run(LLM.of(chat), Map.of());
        assertThat(r.prompt()).startsWith("((system)):Be brief.\n((user)):Hi there\n((assistant)):");
        GenerationRequest req = chat.requests.get(0);
        assertThat(req.promptText()).isEqualTo("((system)):Be brief.\n((user)):Hi there\n((assistant)):");
        assertThat(req.messages()).containsExactly(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hi there"), new ChatMessage("assistant", ""));
        // without role tags, chat messages are left empty
        Lmql.F("Plain[X]").maxTokens(1).run(LLM.of(chat), Map.of());
        assertThat(chat.requests.get(1).messages()).isEmpty();
    }

    @Test
    void sessionContinuesOnePromptLikeTheEquivalentQuery() {
        Session s = random.session();
        s.append("List:\n");
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            s.append(i + ". ");
            String item = s.fill("ITEM");
            items.add(item);
            s.append("\n");
        }
        assertThat(s.prompt()).isEqualTo("List:\n1. " + items.get(0) + "\n2. " + items.get(1) + "\n3. "
                + items.get(2) + "\n");
        QueryResult q = Lmql.F("List:\n1. [A]\n2. [B]\n3. [C]\n").run(random, Map.of());
        assertThat(List.of(q.getString("A"), q.getString("B"), q.getString("C"))).isEqualTo(items);
        assertThat(s.variables()).containsEntry("ITEM", items.get(2));
        Map<String, Double> d = s.distribution("CHOICE", List.of("yes", "no"));
        assertThat(d).hasSize(2);
        assertThat(s.prompt()).endsWith(s.get("CHOICE").toString());
        assertThatThrownBy(() -> s.get("NOPE")).hasMessageContaining("no variable NOPE");
    }

    @Test
    void sessionCallsRecordIntoTheTracedScope() {
        InferenceCertificate cert;
        try (var scope = dev.lmql.trace.TraceContext.open("script")) {
            Session s = random.session();
            s.append("A:");
            s.fill("X", "len(TOKENS(X)) < 3");
            s.append(" B:");
            s.fill("Y", "len(TOKENS(Y)) < 3");
            cert = scope.certificate();
        }
        assertThat(cert.children()).hasSize(1);
        assertThat(cert.children().get(0).name()).isEqualTo("lmql.Session");
        assertThat(cert.children().get(0).events().stream().filter(e -> TraceEvents.isModelCall(e.name())))
                .hasSize(2);
    }

    @Test
    void certificateRecordsTheQueryAndItsResult() {
        List<InferenceCertificate> certs = new ArrayList<>();
        LmqlQuery q = Lmql.F("Hello {who}:[X]").maxTokens(3).name("greet");
        List<QueryResult> out = q.execute(new QueryCall(random, Map.of("who", "Bob"), certs::add, null)).join();
        assertThat(certs).hasSize(1);
        InferenceCertificate c = certs.get(0);
        assertThat(c.name()).isEqualTo("greet");
        assertThat(c.events(TraceEvents.QUERY)).hasSize(1);
        String query = c.events(TraceEvents.QUERY).get(0).data().toString();
        assertThat(query).contains("\"template\":\"Hello {who}:[X]\"").contains("\"model\":\"random\"")
                .contains("\"who\":\"Bob\"").contains("\"seed\":\"1\"");
        String result = c.events(TraceEvents.RESULT).get(0).data().toString();
        assertThat(result).contains(out.get(0).getString("X").replace("\n", "\\n"));
        assertThat(c.events().stream().filter(e -> TraceEvents.isModelCall(e.name()))).hasSize(1);
        assertThat(c.metrics()).containsKey("random");
    }

    /** A chat-capable LanguageModel (not a LogitsModel) that records requests and delegates generation. */
    static final class ChatRecorder implements LanguageModel {
        final LanguageModel inner;
        final List<GenerationRequest> requests = new ArrayList<>();

        ChatRecorder(LanguageModel inner) {
            this.inner = inner;
        }

        @Override
        public String id() {
            return "chat-recorder";
        }

        @Override
        public Tokenizer tokenizer() {
            return inner.tokenizer();
        }

        @Override
        public ModelCapabilities capabilities() {
            return new ModelCapabilities(false, 0, 0, false, true, false, false, false);
        }

        @Override
        public Map<String, Object> identity() {
            return new HashMap<>(Map.of("backend", "chat-recorder"));
        }

        @Override
        public synchronized CompletableFuture<List<GeneratedSequence>> generate(GenerationRequest request) {
            requests.add(request);
            return inner.generate(request);
        }

        @Override
        public CompletableFuture<float[]> score(ScoreRequest request) {
            return inner.score(request);
        }
    }
}
