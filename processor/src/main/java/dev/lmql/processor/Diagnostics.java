package dev.lmql.processor;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The catalogue of every message the processor reports. Each says what is wrong, the rule, and the fix; tests
 * assert these texts.
 */
final class Diagnostics {

    static final String SUPPORTED_RETURN_TYPES = "String, int, long, double, float, boolean (or their boxes), "
            + "an enum, a record, List<T>, Optional<T>, QueryResult, Distribution<T>, or CompletableFuture of one "
            + "of these";

    private Diagnostics() {
    }

    static Problem syntaxError(String clause, String message, int line, int column, String excerpt) {
        return Problem.error("Syntax error in the " + clause + " at line " + line + ", column " + column + ": "
                + message + (excerpt.isEmpty() ? "" : "\n" + excerpt));
    }

    static Problem checkerFinding(boolean error, String clause, String message, int line, int column) {
        boolean ended = message.endsWith(".") || message.endsWith("?");
        String text = "In the " + clause + " at line " + line + ", column " + column + ": " + message
                + (ended ? "" : ".");
        return error ? Problem.error(text) : Problem.warning(text);
    }

    static Problem unusedParameter(String parameter) {
        return Problem.warning("Parameter '" + parameter + "' is not used by the query. Reference it in the "
                + "template as {" + parameter + "} (or with 'in " + parameter + "' in the where clause), "
                + "or remove it.");
    }

    static Problem queryOutsideInterface(String method, String enclosing) {
        return Problem.error("@Query method " + method + "() is declared in " + enclosing + ", which is not an "
                + "interface. Declare query methods on an interface; the processor generates its implementation.");
    }

    static Problem defaultsOutsideInterface(String type) {
        return Problem.error("@LmqlDefaults is on " + type + ", which is not an interface. Put it on the interface "
                + "whose @Query methods share the defaults.");
    }

    static Problem queryOnDefaultMethod(String method) {
        return Problem.error("@Query method " + method + "() has a body. Query methods are implemented by the "
                + "generated class: remove the body, or remove @Query to keep it as a scripted default method.");
    }

    static Problem queryOnStaticMethod(String method) {
        return Problem.error("@Query method " + method + "() is static. Query methods are implemented by the "
                + "generated class: make it an abstract interface method, or remove @Query.");
    }

    static Problem abstractMethodWithoutQuery(String method, String iface) {
        return Problem.error("Method " + method + "() of " + iface + " has neither @Query nor a body, so the "
                + "generated implementation cannot implement it. Add @Query(...) or make it a default method.");
    }

    static Problem genericMethod(String method) {
        return Problem.error("@Query method " + method + "() declares type parameters. Query methods cannot be "
                + "generic: use concrete parameter and return types.");
    }

    static Problem genericInterface(String iface) {
        return Problem.error("Interface " + iface + " declares type parameters. @Query interfaces cannot be "
                + "generic: remove the type parameters.");
    }

    static Problem privateInterface(String iface) {
        return Problem.error("Interface " + iface + " is private, so the generated class " + iface.replace('.', '_')
                + GeneratedNames.SUFFIX + " cannot implement it. Make it package-private or public.");
    }

    static Problem unmappableReturnType(String method, String type) {
        return Problem.error("Cannot map the return type " + type + " of " + method + "(). Supported: "
                + SUPPORTED_RETURN_TYPES + ".");
    }

    static Problem unsupportedElementType(String method, String container, String type, String supported) {
        return Problem.error("Cannot map the return type of " + method + "(): " + container + " of " + type
                + " is not supported. Use " + container + " of " + supported + ".");
    }

    static Problem unsupportedComponentType(String record, String component, String type) {
        return Problem.error("Record component " + record + "." + component + " has type " + type + ", which a "
                + "hole cannot fill. Use String, int, long, double, float, boolean (or their boxes) or an enum.");
    }

    static Problem enumWithoutConstants(String enumType) {
        return Problem.error("Enum " + enumType + " has no constants, so the model could not produce any value. "
                + "Add at least one constant.");
    }

    static Problem emptyLabel(String enumType, String constant) {
        return Problem.error("@Label of " + enumType + "." + constant + " is empty. Give the text the model "
                + "should produce, e.g. @Label(\"" + constant.toLowerCase(java.util.Locale.ROOT) + "\").");
    }

    static Problem duplicateLabel(String enumType, String label, String first, String second) {
        return Problem.error("Enum " + enumType + " uses the label \"" + label + "\" for both " + first + " and "
                + second + ", so a model answer could not be told apart. Give each constant a distinct @Label.");
    }

    static Problem noHoleForReturnValue(String method, String type) {
        return Problem.error("The template of " + method + "() has no hole to produce its " + type + " result. "
                + "Add a hole such as [ANSWER] to the template, or return QueryResult.");
    }

    static Problem componentWithoutHole(String record, String component, Collection<String> holes) {
        return Problem.error("Record component " + record + "." + component + " has no hole of the same name in "
                + "the template, so nothing can fill it." + Suggestions.didYouMean(component, holes, "[", "]")
                + " Add [" + component.toUpperCase(java.util.Locale.ROOT) + "] to the template (holes match "
                + "components ignoring case) or remove the component.");
    }

    static Problem holeWithoutComponent(String hole, String record, Collection<String> components) {
        return Problem.error("Hole [" + hole + "] has no component of the same name in record " + record
                + ", so its value would be lost." + Suggestions.didYouMean(hole, components, "", "")
                + " Add a component named " + hole.toLowerCase(java.util.Locale.ROOT) + " to the record "
                + "(matched ignoring case) or remove the hole.");
    }

    static Problem ambiguousHole(String record, String component, List<String> holes) {
        return Problem.error("Record component " + record + "." + component + " matches several holes ignoring "
                + "case: " + holes.stream().map(h -> "[" + h + "]").collect(Collectors.joining(", "))
                + ". Rename the holes so each component matches exactly one.");
    }

    static Problem distributionRequired(String method, String type) {
        return Problem.error(method + "() returns " + type + " but its @Query has no distribution clause. Add "
                + "distribution = \"VAR in [\\\"a\\\", \\\"b\\\"]\" naming the template's last hole.");
    }

    static Problem distributionValueNotLabel(String value, String enumType, Collection<String> labels) {
        return Problem.error("Distribution value \"" + value + "\" is not a label of " + enumType + " ("
                + String.join(", ", labels) + ")." + Suggestions.didYouMean(value, labels, "\"", "\"")
                + " Use the enum's labels (constant names or @Label values).");
    }

    static Problem distributionValueNotNumber(String value, String type) {
        return Problem.error("Distribution value \"" + value + "\" cannot be converted to " + type + ". Use values "
                + "of that type, or return Distribution<String>.");
    }

    static Problem listNeedsSeveralResults(String method, String decoder) {
        return Problem.error(method + "() returns a List, but its decoder " + (decoder.isEmpty() ? "(default: argmax)"
                : "'" + decoder + "'") + " produces a single result. Use a decoder with n > 1, e.g. "
                + "decoder = \"sample(n=3)\" or \"beam(n=3)\", or return a single value.");
    }

    static Problem severalResultsDropped(String method, String decoder, int n) {
        return Problem.warning("Decoder '" + decoder + "' produces " + n + " results but " + method + "() returns "
                + "one value, so all but the first are dropped. Return a List to get every result.");
    }

    static Problem duplicateModelParameter(String method) {
        return Problem.error(method + "() has more than one LLM parameter. Keep one: it overrides the model for "
                + "the call.");
    }

    static Problem duplicateCertificateParameter(String method) {
        return Problem.error(method + "() has more than one Consumer<InferenceCertificate> parameter. Keep one: "
                + "it receives the call's certificate.");
    }

    static Problem invalidMaxTokens(int value) {
        return Problem.error("maxTokens = " + value + " is not valid. Use a positive number of tokens, or -1 for "
                + "no limit.");
    }

    static Problem unknownModelScheme(String id, Collection<String> schemes) {
        return Problem.error("Unknown model id '" + id + "'. Known forms: " + String.join(", ", schemes) + "."
                + Suggestions.didYouMean(id, schemes, "'", "'")
                + " Register other schemes with the processor option -Almql.modelSchemes=scheme1,scheme2.");
    }

    static Problem invalidCertificatePath(String path, String reason) {
        return Problem.error("Certificate target '" + path + "' is not a valid file path: " + reason + ". Use \"\" "
                + "(no certificate), \"stdout\", or a file path that may contain {method} and {timestamp}.");
    }

    static Problem holeTypeConflict(String hole, String declared, String javaType) {
        return Problem.error("Hole [" + hole + ": " + declared + "] is declared " + declared + " in the template "
                + "but its value becomes " + javaType + ". Make the two agree: change the hole's type or the "
                + "Java type.");
    }

    static Problem cannotWriteImplementation(String className, String reason) {
        return Problem.error("Cannot write the generated class " + className + " (" + reason + "). Lmql.create "
                + "expects the implementation under exactly this name: remove or rename the existing class of that "
                + "name.");
    }

    static Problem internalError(Throwable error) {
        return Problem.error("Internal error in lmql-processor: " + error + " — please report this at the "
                + "lmql-java issue tracker with the annotated source.");
    }
}
