package dev.cpbench.macro.correlate;

import java.nio.file.Path;

/** An input to {@code correlate} that cannot be used: the file, and what is wrong with it. */
public final class CorrelationInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorrelationInputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    CorrelationInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** A problem whose message already names its file. */
    CorrelationInputException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
