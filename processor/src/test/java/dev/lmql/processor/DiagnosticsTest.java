package dev.lmql.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.lmql.processor.Compilations.compile;
import static dev.lmql.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One negative compile test per diagnostic of the catalogue: message, file and line. */
class DiagnosticsTest {

    /** javac indents the continuation lines of a multi-line message (our excerpt) by two spaces. */
    private static void assertError(String name, String body, String message, String line) {
        JavaFileObject file = source(name, body);
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
    }

    private static void assertWarning(String name, String body, String message, String line) {
        JavaFileObject file = source(name, body);
        Compilation compilation = compile(file);
        assertThat(compilation).hadWarningContaining(message).inFile(file).onLineContaining(line);
    }

    @Test
    void templateSyntaxErrorShowsPositionInsideTheString() {
        assertError("Broken", """
                public interface Broken {
                    @Query("Hello [NAME")
                    String hello();
                }
                """, "Syntax error in the template at line 1, column 7: expected ']' to close hole [NAME\n"
                + "  Hello [NAME\n        ^", "Hello [NAME");
    }

    @Test
    void unusableRegexesFailTheBuild() {
        assertError("BadRegexHole", """
                public interface BadRegexHole {
                    @Query("Code: [C: r\\"(ab\\"]")
                    String code();
                }
                """, "the regex of hole [C] is not usable: invalid constraint regex:", "Code: [C:");
        assertError("BadRegexWhere", """
                public interface BadRegexWhere {
                    @Query(value = "Say [X]",
                           where = "REGEX(X, r\\"a{3,1}\\")")
                    String say();
                }
                """, "the regular expression of REGEX is not usable: invalid constraint regex: repetition {3,1}",
                "REGEX(X");
    }

    @Test
    void whereSyntaxError() {
        assertError("BrokenWhere", """
                public interface BrokenWhere {
                    @Query(value = "Say [X]",
                           where = "STOPS_AT(X, ")
                    String say();
                }
                """, "Syntax error in the where clause at line 1, column 13: expected a value but found the end "
                + "of the clause\n  STOPS_AT(X, \n              ^", "STOPS_AT(X, ");
    }

    @Test
    void decoderSyntaxError() {
        assertError("BrokenDecoder", """
                public interface BrokenDecoder {
                    @Query(value = "Say [X]",
                           decoder = "sample(n=)")
                    String say();
                }
                """, "Syntax error in the decoder clause at line 1, column 10: expected an integer for n but "
                + "found ')'\n  sample(n=)\n           ^", "sample(n=)");
    }

    @Test
    void distributionSyntaxError() {
        assertError("BrokenDistribution", """
                public interface BrokenDistribution {
                    @Query(value = "Say [X]",
                           distribution = "X in [\\"a\\", ")
                    String say();
                }
                """, "Syntax error in the distribution clause at line 1, column 12: expected a string literal "
                + "as distribution value but found the end of the clause", "distribution = ");
    }

    @Test
    void unknownDecoderSuggestsTheNearestOne() {
        assertError("Sampel", """
                public interface Sampel {
                    @Query(value = "Say [X]",
                           decoder = "sampel(n=2)")
                    String say();
                }
                """, "Syntax error in the decoder clause at line 1, column 1: unknown decoder sampel; did you mean "
                + "sample?", "sampel(n=2)");
    }

    @Test
    void unknownParameterSuggestsTheNearestName() {
        assertError("Typo", """
                public interface Typo {
                    @Query("Review: {revew}\\nSentiment:[S]")
                    String classify(String review);
                }
                """, "In the template at line 1, column 9: unknown parameter {revew}; did you mean {review}?",
                "Review: {revew}");
    }

    @Test
    void unusedParameterIsAWarning() {
        assertWarning("Unused", """
                public interface Unused {
                    @Query("Say [X]")
                    String say(String ignored);
                }
                """, "Parameter 'ignored' is not used by the query. Reference it in the template as {ignored} "
                + "(or with 'in ignored' in the where clause), or remove it.", "String say(String ignored)");
    }

    @Test
    void unknownNameInWhereClause() {
        assertError("WhereName", """
                public interface WhereName {
                    @Query(value = "Say [ANSWER]",
                           where = "STOPS_AT(ANSWR, \\".\\")")
                    String say();
                }
                """, "In the where clause at line 1, column 10: unknown variable ANSWR in the where clause; did "
                + "you mean ANSWER?",
                "STOPS_AT(ANSWR");
    }

    @Test
    void wrongNumberOfArgumentsInTheWhereClause() {
        assertError("Arity", """
                public interface Arity {
                    @Query(value = "Say [X]",
                           where = "STOPS_AT(X)")
                    String say();
                }
                """, "In the where clause at line 1, column 1: STOPS_AT expects 2 arguments (a hole and a stop "
                + "phrase), got 1.", "STOPS_AT(X)");
    }

    @Test
    void unknownParameterInTheWhereClause() {
        assertError("WhereParameter", """
                public interface WhereParameter {
                    @Query(value = "Pick [X]",
                           where = "X in optz")
                    String pick(List<String> opts);
                }
                """, "In the where clause at line 1, column 6: unknown variable optz in the where clause; did you "
                + "mean opts?", "X in optz");
    }

    @Test
    void recordComponentWithoutHole() {
        assertError("NoHole", """
                public interface NoHole {
                    record Person(String name, int age) {}
                    @Query("Name: [NAME]")
                    Person extract();
                }
                """, "Record component com.example.NoHole.Person.age has no hole of the same name in the template, "
                + "so nothing can fill it. Add [AGE] to the template (holes match components ignoring case) or "
                + "remove the component.", "Name: [NAME]");
    }

    @Test
    void holeWithoutComponentSuggestsComponent() {
        assertError("NoComponent", """
                public interface NoComponent {
                    record Person(String name) {}
                    @Query("Name: [NAME] Nmae: [NAMEE]")
                    Person extract();
                }
                """, "Hole [NAMEE] has no component of the same name in record com.example.NoComponent.Person, so "
                + "its value would be lost. Did you mean name? Add a component named namee to the record (matched "
                + "ignoring case) or remove the hole.", "Name: [NAME]");
    }

    @Test
    void ambiguousHolesForOneComponent() {
        assertError("Ambiguous", """
                public interface Ambiguous {
                    record Person(String name) {}
                    @Query("[Name] [NAME]")
                    Person extract();
                }
                """, "Record component com.example.Ambiguous.Person.name matches several holes ignoring case: "
                + "[Name], [NAME].", "[Name] [NAME]");
    }

    @Test
    void duplicateHole() {
        assertError("Twice", """
                public interface Twice {
                    @Query("A: [X] B: [X]")
                    String twice();
                }
                """, "In the template at line 1, column 11: hole [X] is declared twice; its first declaration is "
                + "at line 1, column 4.", "A: [X] B: [X]");
    }

    @Test
    void unmappableReturnType() {
        assertError("Unmappable", """
                public interface Unmappable {
                    @Query("When: [X]")
                    java.util.Date when();
                }
                """, "Cannot map the return type java.util.Date of when(). Supported: "
                + Diagnostics.SUPPORTED_RETURN_TYPES + ".", "When: [X]");
    }

    @Test
    void unsupportedListElement() {
        assertError("ListOfList", """
                public interface ListOfList {
                    @Query(value = "X: [X]", decoder = "sample(n=2)")
                    List<List<String>> nested();
                }
                """, "Cannot map the return type of nested(): List of java.util.List<java.lang.String> is not "
                + "supported.", "X: [X]");
    }

    @Test
    void enumWithoutConstants() {
        assertError("EmptyEnum", """
                public interface EmptyEnum {
                    enum Nothing {}
                    @Query("Pick: [X]")
                    Nothing pick();
                }
                """, "Enum com.example.EmptyEnum.Nothing has no constants, so the model could not produce any value. "
                + "Add at least one constant.", "Pick: [X]");
    }

    @Test
    void duplicateEnumLabel() {
        assertError("SameLabel", """
                public interface SameLabel {
                    enum Mood { @Label("good") HAPPY, @Label("good") GLAD }
                    @Query("Mood: [X]")
                    Mood mood();
                }
                """, "Enum com.example.SameLabel.Mood uses the label \"good\" for both HAPPY and GLAD",
                "Mood: [X]");
    }

    @Test
    void emptyEnumLabel() {
        assertError("EmptyLabel", """
                public interface EmptyLabel {
                    enum Mood { @Label("") HAPPY }
                    @Query("Mood: [X]")
                    Mood mood();
                }
                """, "@Label of com.example.EmptyLabel.Mood.HAPPY is empty. Give the text the model should produce, "
                + "e.g. @Label(\"happy\").", "Mood: [X]");
    }

    @Test
    void noHoleForTheReturnValue() {
        assertError("NoHoles", """
                public interface NoHoles {
                    @Query("Just text")
                    String text();
                }
                """, "The template of text() has no hole to produce its java.lang.String result. Add a hole such as "
                + "[ANSWER] to the template, or return QueryResult.", "Just text");
    }

    @Test
    void unsupportedRecordComponentType() {
        assertError("BadComponent", """
                public interface BadComponent {
                    record Event(java.time.Instant at) {}
                    @Query("At: [AT]")
                    Event event();
                }
                """, "Record component com.example.BadComponent.Event.at has type java.time.Instant, which a hole "
                + "cannot fill.", "At: [AT]");
    }

    @Test
    void distributionOnAHoleThatIsNotTheLast() {
        assertError("NotLast", """
                public interface NotLast {
                    @Query(value = "[A] then [B]",
                           distribution = "A in [\\"x\\", \\"y\\"]")
                    String pick();
                }
                """, "In the distribution clause at line 1, column 1: distribution variable A must be the last "
                + "hole of the template, but [B] comes after it.", "distribution = ");
    }

    @Test
    void distributionOnSomethingThatIsNotAHole() {
        assertError("NotAHole", """
                public interface NotAHole {
                    @Query(value = "Label: [LABEL]",
                           distribution = "LABLE in [\\"x\\", \\"y\\"]")
                    String pick();
                }
                """, "In the distribution clause at line 1, column 1: distribution variable LABLE is not a hole "
                + "of the template; did you mean LABEL?", "distribution = ");
    }

    @Test
    void distributionValueThatIsNoEnumLabel() {
        assertError("BadValue", """
                public interface BadValue {
                    enum Mood { @Label("positive") POSITIVE, @Label("negative") NEGATIVE }
                    @Query(value = "Mood: [MOOD]",
                           distribution = "MOOD in [\\"positive\\", \\"negativ\\"]")
                    Mood mood();
                }
                """, "Distribution value \"negativ\" is not a label of com.example.BadValue.Mood (positive, negative). "
                + "Did you mean \"negative\"?", "distribution = ");
    }

    @Test
    void unknownModelScheme() {
        assertError("BadModel", """
                public interface BadModel {
                    @Query(value = "Say [X]", model = "opnai/gpt-4o")
                    String say();
                }
                """, "Unknown model id 'opnai/gpt-4o'. Known forms: random, local:<file.gguf>, openai/<model>.",
                "opnai/gpt-4o");
    }

    @Test
    void unknownModelSchemeInInterfaceDefaultsIsReportedThere() {
        assertError("BadDefaultModel", """
                @LmqlDefaults(model = "lokal:model.gguf")
                public interface BadDefaultModel {
                    @Query("Say [X]")
                    String say();
                }
                """, "Unknown model id 'lokal:model.gguf'.", "@LmqlDefaults(model = \"lokal:model.gguf\")");
    }

    @Test
    void extraModelSchemesComeFromAProcessorOption() {
        JavaFileObject file = source("CustomModel", """
                public interface CustomModel {
                    @Query(value = "Say [X]", model = "mine:model")
                    String say();
                }
                """);
        Compilation compilation = Compilations.compileWithOptions(List.of("-Almql.modelSchemes=mine"), file);
        assertThat(compilation).hadErrorCount(errorsOutsideProcessor(compilation));
    }

    /** Errors javac reports in generated code while the runtime facade is not on the classpath. */
    private static int errorsOutsideProcessor(Compilation compilation) {
        return (int) compilation.errors().stream()
                .filter(d -> d.getSource() == null || !d.getSource().toUri().toString().endsWith("CustomModel.java"))
                .count();
    }

    @Test
    void queryOnAClassMethod() {
        assertError("NotAnInterface", """
                public abstract class NotAnInterface {
                    @Query("Say [X]")
                    abstract String say();
                }
                """, "@Query method say() is declared in NotAnInterface, which is not an interface. Declare query "
                + "methods on an interface; the processor generates its implementation.", "@Query(\"Say [X]\")");
    }

    @Test
    void certificateWithUnknownPlaceholder() {
        assertError("BadCertificate", """
                public interface BadCertificate {
                    @Query(value = "Say [X]", certificate = "certs/{methd}.json")
                    String say();
                }
                """, "Certificate target 'certs/{methd}.json' is not a valid file path: unknown placeholder {methd}, "
                + "did you mean {method}? (known: {method}, {timestamp}). Use \"\" (no certificate), \"stdout\", or a "
                + "file path that may contain {method} and {timestamp}.", "certs/{methd}.json");
    }

    @Test
    void certificateWithNonPortableCharacter() {
        assertError("StarCertificate", """
                public interface StarCertificate {
                    @Query(value = "Say [X]", certificate = "certs/*.json")
                    String say();
                }
                """, "Certificate target 'certs/*.json' is not a valid file path: it contains '*', which is not "
                + "allowed in file names on every system.", "certs/*.json");
    }

    @Test
    void listNeedsADecoderWithSeveralResults() {
        assertError("SingleList", """
                public interface SingleList {
                    @Query(value = "Idea: [IDEA]", decoder = "argmax")
                    List<String> ideas();
                }
                """, "ideas() returns a List, but its decoder 'argmax' produces a single result. Use a decoder with "
                + "n > 1, e.g. decoder = \"sample(n=3)\" or \"beam(n=3)\", or return a single value.",
                "decoder = \"argmax\"");
    }

    @Test
    void severalResultsIntoOneValueIsAWarning() {
        assertWarning("Dropped", """
                public interface Dropped {
                    @Query(value = "Idea: [IDEA]", decoder = "sample(n=3)")
                    String idea();
                }
                """, "Decoder 'sample(n=3)' produces 3 results but idea() returns one value, so all but the first "
                + "are dropped. Return a List to get every result.", "sample(n=3)");
    }

    @Test
    void maxTokensMustBePositive() {
        assertError("ZeroTokens", """
                public interface ZeroTokens {
                    @Query(value = "Say [X]", maxTokens = 0)
                    String say();
                }
                """, "maxTokens = 0 is not valid. Use a positive number of tokens, or -1 for no limit.",
                "maxTokens = 0");
    }

    @Test
    void genericMethod() {
        assertError("GenericMethod", """
                public interface GenericMethod {
                    @Query("Say [X]")
                    <T> String say(T value);
                }
                """, "@Query method say() declares type parameters.", "@Query(\"Say [X]\")");
    }

    @Test
    void genericInterface() {
        assertError("GenericInterface", """
                public interface GenericInterface<T> {
                    @Query("Say [X]")
                    String say();
                }
                """, "Interface com.example.GenericInterface declares type parameters.",
                "public interface GenericInterface<T>");
    }

    @Test
    void privateInterface() {
        assertError("Outer", """
                public class Outer {
                    private interface Hidden {
                        @Query("Say [X]")
                        String say();
                    }
                }
                """, "Interface Outer.Hidden is private, so the generated class Outer_HiddenLmql cannot implement it.",
                "private interface Hidden");
    }

    @Test
    void abstractMethodWithoutQuery() {
        assertError("Missing", """
                public interface Missing {
                    @Query("Say [X]")
                    String say();
                    String forgotten();
                }
                """, "Method forgotten() of com.example.Missing has neither @Query nor a body, so the generated "
                + "implementation cannot implement it. Add @Query(...) or make it a default method.",
                "String forgotten();");
    }

    @Test
    void queryOnADefaultMethod() {
        assertError("WithBody", """
                public interface WithBody {
                    @Query("Say [X]")
                    default String say() { return ""; }
                }
                """, "@Query method say() has a body.", "@Query(\"Say [X]\")");
    }

    @Test
    void queryOnAStaticMethod() {
        assertError("StaticQuery", """
                public interface StaticQuery {
                    @Query("Say [X]")
                    static String say() { return ""; }
                }
                """, "@Query method say() is static.", "@Query(\"Say [X]\")");
    }

    @Test
    void holeTypeConflictsWithReturnType() {
        assertError("Conflict", """
                public interface Conflict {
                    @Query("Count: [N: int]")
                    boolean count();
                }
                """, "Hole [N: int] is declared int in the template but its value becomes boolean.",
                "Count: [N: int]");
    }

    @Test
    void unresolvedTypesAreLeftToJavacInsteadOfAnInternalError() {
        JavaFileObject file = source("Unresolved", """
                public interface Unresolved {
                    record Event(NoSuchType at) {}
                    @Query("At: [AT]")
                    Event event();
                }
                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(file).onLineContaining("NoSuchType");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void twoModelParameters() {
        assertError("TwoModels", """
                public interface TwoModels {
                    @Query("Say [X]")
                    String say(dev.lmql.LLM first, dev.lmql.LLM second);
                }
                """, "say() has more than one LLM parameter.", "String say(dev.lmql.LLM first");
    }

    @Test
    void existingClassWithTheGeneratedNameIsReported() {
        JavaFileObject iface = source("Clash", """
                public interface Clash {
                    @Query("Say [X]")
                    String say();
                }
                """);
        JavaFileObject existing = com.google.testing.compile.JavaFileObjects.forSourceString("com.example.ClashLmql",
                "package com.example; public class ClashLmql {}");
        Compilation compilation = compile(iface, existing);
        assertThat(compilation).hadErrorContaining("Cannot write the generated class com.example.ClashLmql (")
                .inFile(iface).onLineContaining("public interface Clash");
    }

    @Test
    void defaultsOnAClass() {
        assertError("DefaultsOnClass", """
                @LmqlDefaults(model = "random")
                public class DefaultsOnClass {
                }
                """, "@LmqlDefaults is on DefaultsOnClass, which is not an interface. Put it on the interface whose "
                + "@Query methods share the defaults.", "@LmqlDefaults(model = \"random\")");
    }
}
