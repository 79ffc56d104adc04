package dev.lmql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.decode.HoleListener;
import dev.lmql.testing.HeardHoles;
import dev.lmql.testing.SharedModels;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Token-by-token hole text through {@link LmqlQuery#execute(QueryCall, HoleListener)} on a real model. */
class StreamingQueryTest {

    private static LLM stories() {
        // a fresh instance per run, so that no result comes from another run's call cache
        return Lmql.model("local:" + SharedModels.file("stories260K.gguf"), Map.of("threads", 1));
    }

    private static List<QueryResult> streamed(LmqlQuery q, HeardHoles heard) throws Exception {
        return q.execute(new QueryCall(stories(), Map.of(), null, null), heard).get(120, TimeUnit.SECONDS);
    }

    @Test
    void argmaxStreamsEachHoleTokenByTokenAndEndsWithTheNonStreamedValue() throws Exception {
        LmqlQuery q = Lmql.F("Once upon a time[STORY] The end. Then[MORE]",
                "STOPS_BEFORE(STORY, \".\") and len(TOKENS(STORY)) < 30 and len(TOKENS(MORE)) < 12");
        QueryResult plain = q.run(stories(), Map.of());
        HeardHoles heard = new HeardHoles();
        QueryResult live = streamed(q, heard).get(0);

        assertThat(live.variables()).isEqualTo(plain.variables());
        for (String v : List.of("STORY", "MORE")) {
            heard.assertStreamedTowards(0, v, plain.variables().get(v));
            assertThat(heard.partials(0, v)).as(v).hasSizeGreaterThan(3);
            assertThat(heard.partials(0, v).get(heard.partials(0, v).size() - 1)).isEqualTo(plain.variables().get(v));
        }
        assertThat(live.getString("STORY")).doesNotContain(".");
        // the STORY hole is heard completely before MORE starts, all on the query's thread
        List<HeardHoles.Event> events = heard.events;
        int storyValue = events.indexOf(events.stream().filter(e -> !e.partial() && e.variable().equals("STORY"))
                .findFirst().orElseThrow());
        assertThat(events.subList(0, storyValue)).allMatch(e -> e.variable().equals("STORY"));
        Set<String> threads = new HashSet<>();
        events.forEach(e -> threads.add(e.thread()));
        assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void sampleStreamsEveryResultUnderItsIndex() throws Exception {
        LmqlQuery q = Lmql.F("Once upon a time[A], and[B]").decoder("sample(n=2, seed=7, temperature=0.8)")
                .where("len(TOKENS(A)) < 8 and len(TOKENS(B)) < 6");
        List<QueryResult> plain = q.runAll(stories(), Map.of());
        HeardHoles heard = new HeardHoles();
        List<QueryResult> live = streamed(q, heard);
        assertThat(live).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(live.get(i).variables()).isEqualTo(plain.get(i).variables());
            for (String v : List.of("A", "B")) {
                heard.assertStreamedTowards(i, v, plain.get(i).variables().get(v));
                assertThat(heard.partials(i, v)).as("result %d %s", i, v).isNotEmpty();
            }
        }
    }

    @Test
    void searchesTypedHolesAndDistributionsReportOnlyValues() throws Exception {
        HeardHoles beam = new HeardHoles();
        List<QueryResult> beams = streamed(Lmql.F("Once upon a time[X]").decoder("beam(n=2, max_tokens=4)"), beam);
        assertThat(beam.events).noneMatch(HeardHoles.Event::partial).hasSize(beams.size());

        HeardHoles typed = new HeardHoles();
        QueryResult r = streamed(Lmql.F("Once upon a time, there were [N] cats[Y]",
                "INT(N) and len(TOKENS(N)) < 3").distribution("Y in [\".\", \"!\"]"), typed)
                .get(0);
        assertThat(typed.events).noneMatch(HeardHoles.Event::partial);
        assertThat(typed.events).extracting(HeardHoles.Event::variable).containsExactly("N", "Y");
        assertThat(typed.events.get(0).value()).isEqualTo(r.getLong("N"));
    }

    @Test
    void aSessionStreamsTheHolesItFills() {
        HeardHoles heard = new HeardHoles();
        dev.lmql.decode.Session s = stories().session().listen(heard);
        s.append("Once upon a time");
        String a = s.fill("A", "STOPS_AT(A, \".\") and len(TOKENS(A)) < 30");
        s.append(" Then");
        String b = s.fill("B", "len(TOKENS(B)) < 8");
        heard.assertStreamedTowards(0, "A", a);
        heard.assertStreamedTowards(0, "B", b);
        assertThat(heard.partials(0, "A")).hasSizeGreaterThan(3).last().isEqualTo(a);
        assertThat(heard.partials(0, "B")).isNotEmpty();
        assertThat(heard.events.get(heard.events.size() - 1).value()).isEqualTo(b);
    }

    @Test
    void aCachedCallIsHeardHolesAtOnce() throws Exception {
        LLM llm = stories();
        LmqlQuery q = Lmql.F("Once upon a time[X]", "len(TOKENS(X)) < 6");
        q.execute(new QueryCall(llm, Map.of(), null, null), HoleListener.NONE).get(120, TimeUnit.SECONDS);
        HeardHoles heard = new HeardHoles();
        QueryResult again = q.execute(new QueryCall(llm, Map.of(), null, null), heard).get(120, TimeUnit.SECONDS)
                .get(0);
        assertThat(heard.partials(0, "X")).containsExactly(again.getString("X"));
        heard.assertStreamedTowards(0, "X", again.getString("X"));
    }
}
