package dev.cpbench.macro.merge;

/** Shard outputs that cannot be merged, with what is wrong and where. */
public final class MergeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MergeException(String message) {
        super(message);
    }

    public MergeException(String message, Throwable cause) {
        super(message, cause);
    }
}
