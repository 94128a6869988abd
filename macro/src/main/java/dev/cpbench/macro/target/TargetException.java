package dev.cpbench.macro.target;

/** A target that cannot be used: a bad kubeconfig, an unreachable endpoint, a failed restart hook. */
public final class TargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
