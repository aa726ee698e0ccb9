package io.tessera.cli;

/** An operational error a command found itself (not from the cluster): exit code 1, its message on stderr. */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
