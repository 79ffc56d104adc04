package com.example;

import dev.lmql.annotations.Label;
import dev.lmql.annotations.LmqlDefaults;
import dev.lmql.annotations.Query;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A representative query interface: one method per return-type mapping the processor supports. */
@LmqlDefaults(model = "random", certificate = "target/certificates/{method}-{timestamp}.json")
public interface Assistant {

    enum Sentiment { @Label("positive") POSITIVE, @Label("negative") NEGATIVE, NEUTRAL }

    record Person(String name, int age, boolean employed) {
    }

    @Query(value = "Greet the world:[GREETING]", where = "STOPS_AT(GREETING, \".\")", certificate = "stdout")
    String greet();

    @Query("Review: {review}\nSentiment:[SENTIMENT]")
    Sentiment classify(String review);

    @Query(value = "Text: {text}\nName: [NAME]\nAge: [AGE]\nEmployed: [EMPLOYED]",
           where = "STOPS_AT(NAME, \"\\n\") and len(TOKENS(NAME)) < 10")
    Person extract(String text);

    @Query(value = "Q: What is {a} + {b}?\nA: [SUM]", maxTokens = 8)
    int add(int a, int b);

    @Query("Q: What is {a} / {b}?\nA: [QUOTIENT]")
    double divide(double a, double b);

    @Query("Is {claim} true? [VERDICT]")
    boolean check(String claim);

    @Query(value = "A startup idea about {topic}: [IDEA]", where = "STOPS_AT(IDEA, \"\\n\")",
           decoder = "sample(n=3, temperature=0.8, seed=7)")
    List<String> brainstorm(String topic);

    @Query(value = "Review: {review}\nSentiment:[SENTIMENT]", decoder = "beam(n=2)")
    List<Sentiment> classifyTwice(String review);

    @Query("Q: {question}\nA: [ANSWER]")
    CompletableFuture<Optional<Long>> answerAsync(String question);

    @Query("Q: {question} (attempt {attempt})\nA: [ANSWER]")
    CompletableFuture<String> answerAsync(String question, int attempt);

    /** A scripted default method: plain Java control flow over queries, left alone by the processor. */
    default String greetTwice() {
        return greet() + greet();
    }

    /** A nested interface: its implementation is Assistant_ToolsLmql. */
    interface Tools {
        @Query(value = "Tool for {task}: [TOOL]", where = "TOOL in tools")
        String pick(String task, List<String> tools);
    }
}
