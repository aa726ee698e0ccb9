package io.tessera.common;

import java.util.Objects;

/**
 * The one exception Tessera throws for operational errors: its {@link ErrorCode} tells the caller how
 * to react. Mapped to Hadoop's exceptions and Flight's {@code CallStatus} only at those edges.
 */
public class TesseraException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TesseraException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public TesseraException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public boolean isRetryable() {
        return code.reaction() != ErrorCode.Reaction.FAIL;
    }
}
