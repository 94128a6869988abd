package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The committed reference report ({@code results/correlation/cold-start-embedded}) is what {@code ./macro.sh correlate}
 * makes of the committed reference inputs it names: every figure equal (to 1e-9 relative), every source and verdict
 * the same. Only the input paths, given here absolute, differ.
 */
class ReferenceReportTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path REFERENCE = ROOT.resolve("results/correlation/cold-start-embedded");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    @Test
    void correlateOnTheCommittedInputsReproducesTheCommittedReport() throws IOException {
        JsonNode committed = JSON.readTree(REFERENCE.resolve("report.json").toFile());
        JsonNode inputs = committed.path("inputs");

        int exit = new CommandLine(new CorrelateCommand())
                .execute(
                        "--micro",
                        absolute(inputs.path("micro")),
                        "--macro",
                        absolute(inputs.path("macro")),
                        "--decision-threshold",
                        inputs.path("decisionThresholdPercent").asText() + "%",
                        "--out",
                        out.toString());

        assertThat(exit).isZero();
        JsonNode made = JSON.readTree(out.resolve("report.json").toFile());
        List<String> differences = new ArrayList<>();
        compare("", withoutInputs(committed), withoutInputs(made), differences);
        assertThat(differences).isEmpty();
        assertThat(Files.readString(out.resolve("report.md")))
                .isEqualTo(Files.readString(REFERENCE.resolve("report.md"))
                        .replace(paths(inputs), paths(absoluteInputs(inputs))));
    }

    private static String absolute(JsonNode paths) {
        return String.join(",", absoluteList(paths));
    }

    private static List<String> absoluteList(JsonNode paths) {
        List<String> result = new ArrayList<>();
        paths.forEach(p -> result.add(ROOT.resolve(p.asText()).toString()));
        return result;
    }

    private static JsonNode absoluteInputs(JsonNode inputs) {
        ObjectNode copy = inputs.deepCopy();
        copy.set("micro", JSON.valueToTree(absoluteList(inputs.path("micro"))));
        copy.set("macro", JSON.valueToTree(absoluteList(inputs.path("macro"))));
        return copy;
    }

    /** The two input lines of report.md. */
    private static String paths(JsonNode inputs) {
        return "Micro results: " + quoted(inputs.path("micro")) + "  \nMacro runs: " + quoted(inputs.path("macro"));
    }

    private static String quoted(JsonNode paths) {
        List<String> items = new ArrayList<>();
        paths.forEach(p -> items.add("`" + p.asText() + "`"));
        return String.join(", ", items);
    }

    private static JsonNode withoutInputs(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        ObjectNode inputs = (ObjectNode) copy.path("inputs");
        inputs.remove("micro");
        inputs.remove("macro");
        return copy;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isNumber() && actual.isNumber()) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            if (Math.abs(e - a) > 1e-9 * Math.max(1, Math.abs(e))) {
                differences.add(path + ": " + e + " != " + a);
            }
        } else if (expected.isContainerNode() && actual.isContainerNode() && expected.size() == actual.size()) {
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
                }
            } else {
                for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    compare(path + "." + name, expected.get(name), actual.path(name), differences);
                }
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": " + expected + " != " + actual);
        }
    }
}
