package com.example;

import dev.lmql.Distribution;
import dev.lmql.LLM;
import dev.lmql.QueryResult;
import dev.lmql.annotations.Label;
import dev.lmql.annotations.LmqlDefaults;
import dev.lmql.annotations.Query;
import dev.lmql.trace.InferenceCertificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Query methods using runtime types: distributions, raw results, per-call models and certificate callbacks. */
@LmqlDefaults(decoder = "argmax")
public interface Advanced {

    enum Label3 { @Label("yes") YES, @Label("no") NO, @Label("maybe") MAYBE }

    @Query(value = "Is {statement} true? Answer:[ANSWER]", distribution = "ANSWER in [\"yes\", \"no\", \"maybe\"]")
    Distribution<Label3> judge(String statement);

    @Query(value = "Rate {item} from 1 to 3:[RATING]", distribution = "RATING in [\"1\", \"2\", \"3\"]")
    Distribution<Integer> rate(String item);

    @Query(value = "Pick one of {options}:[CHOICE]", distribution = "CHOICE in options")
    String pick(List<String> options);

    @Query(value = "Write a haiku about {topic}:[HAIKU]", where = "len(TOKENS(HAIKU)) < 12")
    QueryResult haiku(String topic, LLM model, Consumer<InferenceCertificate> certificate);

    @Query(value = "Two ideas:[IDEA]", where = "len(TOKENS(IDEA)) < 6", decoder = "sample(n=2, seed=3)")
    CompletableFuture<List<QueryResult>> ideas(Consumer<InferenceCertificate> certificate);
}
