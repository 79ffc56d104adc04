package dev.lmql.examples;

import dev.lmql.Distribution;
import dev.lmql.annotations.Label;
import dev.lmql.annotations.LmqlDefaults;
import dev.lmql.annotations.Query;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Queries for the default local model, {@code stories260K.gguf} (a tiny model trained on children's stories):
 * every return type the annotation processor maps, each value enforced token by token.
 */
// tag::defaults[]
@LmqlDefaults(model = "local:stories260K.gguf", certificate = "target/certificates/{method}.json")
public interface StoryTeller {
// end::defaults[]

    // tag::greeting[]
    @Query(value = "Once upon a time, there was a little girl named Lily. One day, Lily said \"[GREETING]",
            where = "STOPS_BEFORE(GREETING, \"\\\"\") and len(TOKENS(GREETING)) < 24",
            certificate = "target/certificates/greeting.json")
    String greeting();
    // end::greeting[]

    // tag::enum[]
    enum Mood {
        @Label("happy") HAPPY,
        @Label("sad") SAD,
        @Label("scared") SCARED
    }

    @Query("Tom lost his red ball in the park. He was very [MOOD]")
    Mood mood();
    // end::enum[]

    // tag::record[]
    record Hero(String animal, String name) {
    }

    @Query(value = "Once upon a time, there was a little [ANIMAL] named [NAME].",
            where = "ANIMAL in [\"cat\", \"dog\", \"bird\", \"bunny\"] and STOPS_BEFORE(NAME, \".\") "
                    + "and len(TOKENS(NAME)) < 6")
    Hero hero();
    // end::record[]

    // tag::int[]
    @Query(value = "Lily had {apples} apples. Tom gave her {more} more apples. Now Lily has [TOTAL]", maxTokens = 3)
    int countApples(int apples, int more);
    // end::int[]

    // tag::list[]
    @Query(value = "Once upon a time, there was a [THING]",
            where = "STOPS_AT(THING, \".\") and len(TOKENS(THING)) < 16",
            decoder = "sample(n=3, temperature=0.8, seed=42)")
    List<String> openings();
    // end::list[]

    // tag::distribution[]
    @Query(value = "The dog was very hungry. He wanted to eat a big [FOOD]",
            distribution = "FOOD in [\"bone\", \"cake\", \"apple\"]")
    Distribution<String> food();
    // end::distribution[]

    // tag::async[]
    @Query(value = "{opening}[CONTINUATION]",
            where = "STOPS_AT(CONTINUATION, \".\") and len(TOKENS(CONTINUATION)) < 30")
    CompletableFuture<String> continueStory(String opening);
    // end::async[]

    // tag::scripted[]
    /** Two queries with Java in between: pick a hero, then let the story go on with them. */
    default String heroStory() {
        Hero hero = hero();
        String opening = "Once upon a time, there was a little " + hero.animal() + " named " + hero.name() + ".";
        return opening + continueStory(opening).join();
    }
    // end::scripted[]
}
