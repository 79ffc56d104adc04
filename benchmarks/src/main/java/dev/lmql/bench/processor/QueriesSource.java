package dev.lmql.bench.processor;

/** Writes the source of an interface with {@code n} {@code @Query} methods of mixed return types. */
final class QueriesSource {

    private QueriesSource() {
    }

    static String generate(int n) {
        StringBuilder out = new StringBuilder("""
                package bench;

                import dev.lmql.annotations.Label;
                import dev.lmql.annotations.Query;
                import java.util.List;

                public interface Queries {
                    enum Mood { @Label("happy") HAPPY, @Label("sad") SAD, NEUTRAL }
                    record Person(String name, int age) {}
                """);
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0:
                    out.append("    @Query(value = \"Greet {name} politely:[GREETING]\", where = "
                            + "\"STOPS_AT(GREETING, \\\".\\\") and len(TOKENS(GREETING)) < 20\")\n")
                            .append("    String greet").append(i).append("(String name);\n");
                    break;
                case 1:
                    out.append("    @Query(\"Review: {review}\\nMood:[MOOD]\")\n")
                            .append("    Mood classify").append(i).append("(String review);\n");
                    break;
                case 2:
                    out.append("    @Query(\"Text: {text}\\nName: [NAME]\\nAge: [AGE]\")\n")
                            .append("    Person extract").append(i).append("(String text);\n");
                    break;
                case 3:
                    out.append("    @Query(value = \"Q: {a} + {b} = [SUM]\", maxTokens = 6)\n")
                            .append("    int add").append(i).append("(int a, int b);\n");
                    break;
                default:
                    out.append("    @Query(value = \"Idea about {topic}: [IDEA]\", decoder = \"sample(n=3)\")\n")
                            .append("    List<String> ideas").append(i).append("(String topic);\n");
            }
        }
        return out.append("}\n").toString();
    }
}
