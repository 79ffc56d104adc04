package dev.lmql.examples;

import dev.lmql.Lmql;
import dev.lmql.annotations.LmqlDefaults;
import dev.lmql.annotations.Query;

/** The README's example. */
// tag::readme[]
@LmqlDefaults(model = "local:stories260K.gguf")
public interface Greeter {
    enum Sentiment { happy, sad }

    @Query(value = "Once upon a time, a dog met a cat. The dog said \"[GREETING]",
           where = "STOPS_BEFORE(GREETING, \"\\\"\") and len(TOKENS(GREETING)) < 20")
    String greet();

    @Query("{story} At the end, the cat was very [SENTIMENT]")
    Sentiment feeling(String story);      // the model can only produce "happy" or "sad"

    static void main(String[] args) {
        Greeter greeter = Lmql.create(Greeter.class);   // implemented by javac's annotation processor
        System.out.println(greeter.greet() + " / " + greeter.feeling("The dog shared his toy."));
    }
}
// end::readme[]
