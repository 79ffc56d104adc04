package dev.lmql.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.Distribution;
import dev.lmql.Lmql;
import dev.lmql.trace.InferenceCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples on the real default model: javac generated the implementation; each value obeys its type. */
class ExamplesTest {
    static StoryTeller stories;

    @BeforeAll
    static void create() {
        stories = Lmql.create(StoryTeller.class);
    }

    @Test
    void greetingStopsBeforeTheClosingQuoteAndWritesItsCertificate() throws Exception {
        String greeting = stories.greeting();
        assertThat(greeting).doesNotContain("\"");
        Path certificate = Path.of("target/certificates/greeting.json");
        assertThat(certificate).exists();
        InferenceCertificate parsed = InferenceCertificate.parse(Files.readString(certificate));
        assertThat(parsed.verify().isConsistent()).as(parsed.verify().toString()).isTrue();
    }

    @Test
    void enumRecordIntListDistribution() {
        assertThat(stories.mood()).isIn((Object[]) StoryTeller.Mood.values());
        StoryTeller.Hero hero = stories.hero();
        assertThat(hero.animal()).isIn("cat", "dog", "bird", "bunny");
        assertThat(hero.name()).doesNotContain(".");
        assertThat(stories.countApples(2, 3)).isBetween(0, 999);
        List<String> openings = stories.openings();
        // STOPS_AT: a sample either ends at its first "." or stopped at the token limit without one.
        assertThat(openings).hasSize(3).allSatisfy(o -> assertThat(o.indexOf('.')).isIn(-1, o.length() - 1));
        Distribution<String> food = stories.food();
        assertThat(food.entries()).hasSize(3);
        assertThat(food.entries().stream().mapToDouble(Distribution.Entry::probability).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(food.entries().get(0).probability()).isGreaterThanOrEqualTo(food.entries().get(2).probability());
    }

    @Test
    void asyncAndScripted() {
        assertThat(stories.continueStory("Once upon a time, there was a big dog.").join()).endsWith(".");
        assertThat(stories.heroStory()).startsWith("Once upon a time, there was a little ");
        String session = RunExamples.scripted(Lmql.model("local:stories260K.gguf"));
        assertThat(session).containsPattern("TOY=(ball|car|kite)");
    }

    @Test
    void certificatesTourReplaysItsOwnCertificate() throws Exception {
        try {
            CertificatesTour.main(new String[0]);
        } finally {
            Lmql.setDefaultModel((dev.lmql.LLM) null);
        }
        InferenceCertificate written = InferenceCertificate.parse(Files.readString(Path.of("target/hello-certificate.json")));
        assertThat(Lmql.replay(written).reproduced()).isTrue();
    }

    @Test
    void apiTourRunsOnTheLocalModel() {
        ApiTour.main(new String[] {"local:stories260K.gguf"});
    }

    @Test
    void theStreamingSamplePrintsTheValueAsItIsGenerated() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        String story = ApiTour.streamStory(Lmql.model("local:stories260K.gguf"), out);
        assertThat(story).endsWith(".");
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(story + System.lineSeparator());
    }

    @Test
    void theMainRunsEveryExample() {
        RunExamples.main(new String[0]);
        assertThat(Path.of("target/certificates/mood.json")).exists();
    }
}
