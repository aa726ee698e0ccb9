package io.tessera.local;

/** The embedded cluster could not start as configured; the message says why in the user's terms. */
public final class LocalClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LocalClusterException(String message) {
        super(message);
    }

    LocalClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
