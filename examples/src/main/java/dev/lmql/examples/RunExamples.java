package dev.lmql.examples;

import dev.lmql.Distribution;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.decode.Session;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs every example on the default local model ({@code stories260K.gguf}, found through
 * {@code LMQL_MODEL_PATH}) and prints the values and where the certificates went. The README's
 * "run the examples" command.
 */
public final class RunExamples {
    private RunExamples() {
    }

    public static void main(String[] args) {
        StoryTeller stories = Lmql.create(StoryTeller.class);
        System.out.println("greeting()         -> \"" + stories.greeting() + "\"");
        System.out.println("mood()             -> " + stories.mood());
        System.out.println("hero()             -> " + stories.hero());
        System.out.println("countApples(2, 3)  -> " + stories.countApples(2, 3));
        List<String> openings = stories.openings();
        System.out.println("openings()         -> " + openings.size() + " samples");
        openings.forEach(o -> System.out.println("                      \"" + o + "\""));
        Distribution<String> food = stories.food();
        System.out.println("food()             -> " + food.mostLikely() + "  " + food);
        System.out.println("continueStory(...) -> \""
                + stories.continueStory("Once upon a time, there was a big red fire truck.").join() + "\"");
        System.out.println("heroStory()        -> \"" + stories.heroStory() + "\"");
        System.out.println("session            -> " + scripted(Lmql.model("local:stories260K.gguf")));
        System.out.println();
        System.out.println("certificates in " + Path.of("target/certificates").toAbsolutePath());
    }

    // tag::session[]
    /** Scripted prompting: one growing prompt, Java control flow between holes. */
    static String scripted(LLM model) {
        Session s = Lmql.session(model);
        s.append("Once upon a time, there was a little boy named Tim. Tim liked to play with his ");
        String toy = s.fill("TOY", "TOY in [\"ball\", \"car\", \"kite\"]");
        s.append(". One day, the " + toy + " ");
        s.fill("EVENT", "STOPS_AT(EVENT, \".\") and len(TOKENS(EVENT)) < 20");
        return s.variables().toString();
    }
    // end::session[]
}
