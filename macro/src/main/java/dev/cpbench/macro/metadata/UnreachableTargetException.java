package dev.cpbench.macro.metadata;

/** The target accepted no connection, or the embedded one did not start: nothing can be measured. */
final class UnreachableTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableTargetException(String message) {
        super(message);
    }
}
