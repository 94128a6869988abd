package dev.cpbench.micro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one reader of JMH JSON result files (the result table, {@code --compare}/{@code --against}, the history): a
 * missing, empty, unreadable or non-array file is an {@link IllegalArgumentException} whose one-line message names
 * the file and what is wrong with it.
 */
public final class JmhJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhJson() {
    }

    /** The file's top-level array of results. */
    public static JsonNode results(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new IllegalArgumentException(file + ": empty file (0 bytes), not a JMH result; "
                        + "a run that failed before writing its results leaves one");
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isArray()) {
                throw new IllegalArgumentException(file + ": not JMH JSON (expected an array of results)");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(file + ": not readable as JMH JSON: " + message.lines().findFirst().orElse(message));
        }
    }
}
