package dev.lmql.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.lmql.Distribution;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.QueryResult;
import dev.lmql.trace.InferenceCertificate;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The representative interfaces compiled by javac with the processor and the real runtime, then run on the
 * deterministic {@code random} model: every return-type mapping produces a value the return type allows.
 */
class EndToEndTest {

    private static ClassLoader classes;

    @BeforeAll
    static void compileInterfaces() {
        Compilation compilation = Compilations.compile(
                JavaFileObjects.forResource("interfaces/com/example/Assistant.java"),
                JavaFileObjects.forResource("interfaces/com/example/Advanced.java"));
        com.google.testing.compile.CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
        classes = new CompiledClassLoader(compilation);
    }

    private static LLM random() {
        return Lmql.model("random", Map.of("seed", 1));
    }

    private static Object create(String iface, LLM model) throws ClassNotFoundException {
        return Lmql.create(classes.loadClass(iface), model);
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        Method method = Arrays.stream(target.getClass().getInterfaces()[0].getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == args.length)
                .findFirst().orElseThrow();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void lmqlCreateFindsTheGeneratedClassesByName() throws Exception {
        assertThat(create("com.example.Assistant", random()).getClass().getName()).isEqualTo("com.example.AssistantLmql");
        assertThat(create("com.example.Assistant$Tools", random()).getClass().getName())
                .isEqualTo("com.example.Assistant_ToolsLmql");
    }

    @Test
    void enumResultIsOneOfTheLabelledConstants() throws Exception {
        Object sentiment = call(create("com.example.Assistant", random()), "classify", "Great food!");
        assertThat(sentiment).isInstanceOf(Enum.class);
        assertThat(((Enum<?>) sentiment).name()).isIn("POSITIVE", "NEGATIVE", "NEUTRAL");
    }

    @Test
    void recordComponentsAreFilledFromTheirHoles() throws Exception {
        Object person = call(create("com.example.Assistant", random()), "extract", "Ada, 36, engineer");
        assertThat(person.getClass().isRecord()).isTrue();
        RecordComponent[] components = person.getClass().getRecordComponents();
        assertThat(components[0].getAccessor().invoke(person)).isInstanceOf(String.class);
        assertThat(components[1].getAccessor().invoke(person)).isInstanceOf(Integer.class);
        assertThat(components[2].getAccessor().invoke(person)).isInstanceOf(Boolean.class);
    }

    @Test
    void primitiveResultsAreTypedAtTheTokenLevel() throws Exception {
        Object assistant = create("com.example.Assistant", random());
        assertThat(call(assistant, "add", 2, 3)).isInstanceOf(Integer.class);
        assertThat(call(assistant, "divide", 1.0, 4.0)).isInstanceOf(Double.class);
        assertThat(call(assistant, "check", "the sky is blue")).isInstanceOf(Boolean.class);
    }

    @Test
    void listHoldsOneValuePerSample() throws Exception {
        Object ideas = call(create("com.example.Assistant", random()), "brainstorm", "coffee");
        assertThat((List<?>) ideas).hasSize(3).allSatisfy(idea -> assertThat(idea).isInstanceOf(String.class));
        Object twice = call(create("com.example.Assistant", random()), "classifyTwice", "Meh.");
        assertThat((List<?>) twice).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(Enum.class));
    }

    @Test
    void asyncMethodsReturnFuturesOfTheMappedType() throws Exception {
        Object assistant = create("com.example.Assistant", random());
        Object optional = ((CompletableFuture<?>) call(assistant, "answerAsync", "How many legs has a cat?"))
                .get(60, TimeUnit.SECONDS);
        assertThat(optional).isInstanceOf(Optional.class);
        ((Optional<?>) optional).ifPresent(value -> assertThat(value).isInstanceOf(Long.class));
        Object text = ((CompletableFuture<?>) call(assistant, "answerAsync", "Why?", 2)).get(60, TimeUnit.SECONDS);
        assertThat(text).isInstanceOf(String.class);
    }

    @Test
    void queriesAreDeterministicOnTheRandomModel() throws Exception {
        Object first = call(create("com.example.Assistant", random()), "extract", "Bob, 40");
        Object second = call(create("com.example.Assistant", random()), "extract", "Bob, 40");
        assertThat(first).isEqualTo(second);
    }

    @Test
    void parameterListIsUsedAsTheChoiceSet() throws Exception {
        Object tool = call(create("com.example.Assistant$Tools", random()), "pick", "cut paper",
                List.of("scissors", "hammer"));
        assertThat(tool).isIn("scissors", "hammer");
    }

    @Test
    void distributionOverEnumLabelsMapsToConstants() throws Exception {
        Distribution<?> judgement = (Distribution<?>) call(create("com.example.Advanced", random()), "judge",
                "water is wet");
        assertThat(judgement.entries()).hasSize(3);
        assertThat(judgement.entries().stream().mapToDouble(Distribution.Entry::probability).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(judgement.mostLikely()).isInstanceOf(Enum.class);
        Distribution<?> rating = (Distribution<?>) call(create("com.example.Advanced", random()), "rate", "tea");
        List<Object> ratings = new ArrayList<>();
        rating.entries().forEach(entry -> ratings.add(entry.value()));
        assertThat(ratings).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void distributionValuesFromAParameterGiveTheMostLikelyValue() throws Exception {
        Object choice = call(create("com.example.Advanced", random()), "pick", List.of("red", "green"));
        assertThat(choice).isIn("red", "green");
    }

    @Test
    void llmParameterOverridesTheModelAndConsumerReceivesTheCertificate() throws Exception {
        List<InferenceCertificate> certificates = new ArrayList<>();
        Consumer<InferenceCertificate> sink = certificates::add;
        LLM seeded = Lmql.model("random", Map.of("seed", 7));
        QueryResult result = (QueryResult) call(create("com.example.Advanced", random()), "haiku", "rain", seeded,
                sink);
        assertThat(result.variables()).containsKey("HAIKU");
        assertThat(certificates).hasSize(1);
        assertThat(certificates.get(0).toJson()).contains("haiku").contains("seed");
        QueryResult again = (QueryResult) call(create("com.example.Advanced", random()), "haiku", "rain",
                Lmql.model("random", Map.of("seed", 7)), sink);
        assertThat(again.getString("HAIKU")).isEqualTo(result.getString("HAIKU"));
    }

    @Test
    void asyncListOfRawResults() throws Exception {
        List<InferenceCertificate> certificates = new ArrayList<>();
        Consumer<InferenceCertificate> sink = certificates::add;
        Object ideas = ((CompletableFuture<?>) call(create("com.example.Advanced", random()), "ideas", sink))
                .get(60, TimeUnit.SECONDS);
        assertThat((List<?>) ideas).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(QueryResult.class));
        assertThat(certificates).hasSize(1);
    }

    @Test
    void certificateFileFromInterfaceDefaultsIsWritten() throws Exception {
        Path directory = Path.of("target/certificates");
        call(create("com.example.Assistant", random()), "check", "certificates are written");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("check-")
                    && name.endsWith(".json"));
        } catch (IOException e) {
            throw new AssertionError("no certificate directory " + directory.toAbsolutePath(), e);
        }
    }
}
