package dev.lmql.examples;

import dev.lmql.GenerateOptions;
import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.QueryCall;
import dev.lmql.QueryResult;
import dev.lmql.ScoringResult;
import dev.lmql.decode.HoleListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The Generations API and dynamic queries without the annotation processor (docs/generations-api.md). */
public final class ApiTour {
    private ApiTour() {
    }

    public static void main(String[] args) {
        String modelId = args.length > 0 ? args[0] : "local:stories260K.gguf";
        // tag::generate[]
        LLM m = Lmql.model(modelId);
        String story = m.generateSync("Once upon a time", 12);
        List<String> samples = m.generateAllSync("Once upon a time", 8,
                GenerateOptions.builder().decoder("sample").n(2).temperature(0.8).seed(1L).build());
        // end::generate[]
        System.out.println("generate: " + story);
        System.out.println("samples:  " + samples);

        // tag::score[]
        ScoringResult scores = m.scoreSync("The cat sat on the", List.of(" mat", " moon"));
        System.out.println(scores);                      // per-value log-probabilities
        String best = scores.argmax("normalized");      // also "sum" and "mean"
        // end::score[]
        System.out.println("best:     " + best);

        // tag::dynamic[]
        QueryResult r = Lmql.F("Once upon a time, there was a [ANIMAL] named [NAME].",
                        "ANIMAL in [\"cat\", \"dog\"] and STOPS_BEFORE(NAME, \".\") and len(TOKENS(NAME)) < 5")
                .run(m, Map.of());
        String animal = r.getString("ANIMAL");          // "cat" or "dog", nothing else
        // end::dynamic[]
        System.out.println("dynamic:  " + animal + " / " + r.getString("NAME"));
        System.out.print("streamed: ");
        streamStory(m, System.out);
    }

    /** Prints a hole's text as the model generates it; returns the finished value. */
    static String streamStory(LLM m, PrintStream out) {
        // tag::stream[]
        HoleListener printer = new HoleListener() {
            private String shown = "";

            @Override
            public void onPartial(int result, String variable, String textSoFar) {
                out.print(textSoFar.substring(shown.length()));   // each partial extends the last one
                out.flush();
                shown = textSoFar;
            }

            @Override
            public void onValue(int result, String variable, Object value) {
                out.println(String.valueOf(value).substring(shown.length()));  // what was held back, if anything
                shown = "";
            }
        };
        QueryResult story = Lmql.F("Once upon a time[STORY]", "STOPS_AT(STORY, \".\") and len(TOKENS(STORY)) < 40")
                .execute(new QueryCall(m, Map.of(), null, null), printer).join().get(0);
        // end::stream[]
        return story.getString("STORY");
    }
}
