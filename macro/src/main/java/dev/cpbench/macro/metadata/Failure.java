package dev.cpbench.macro.metadata;

/** Why a request failed; {@link #label} is how the report names it. */
enum Failure {
    /** The connection could not be opened (refused, unreachable, connect timeout). */
    CONNECT("Connect"),
    /** No complete answer within {@code --timeout} of the request's start. */
    TIMEOUT("Timeout"),
    /** An answer whose status is not 2xx. */
    STATUS("Non-2xx"),
    /** Anything else: the connection closed or reset mid-request, a malformed answer. */
    EXCEPTION("Exceptions");

    final String label;

    Failure(String label) {
        this.label = label;
    }
}
