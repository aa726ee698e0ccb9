package io.tessera.storage;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;

/**
 * Counts errors that no client can be told about (garbage on the request stream, requests from unknown
 * clients) and corruption found while reading, and passes them to the error handler at most once a
 * second, with the number suppressed since: a flood of garbage must not become a flood of log lines.
 */
final class ErrorReporter {
    private static final long INTERVAL_NS = 1_000_000_000L;

    private final ErrorHandler handler;
    private final NanoClock clock;
    private long malformed;
    private long suppressed;
    private long lastReportNs;
    private boolean reportedOnce;

    ErrorReporter(ErrorHandler handler, NanoClock clock) {
        this.handler = handler;
        this.clock = clock;
    }

    void malformed(String reason) {
        malformed++;
        report(new TesseraException(ErrorCode.MALFORMED_REQUEST, "malformed request: " + reason));
    }

    void report(Throwable error) {
        long now = clock.nanoTime();
        if (reportedOnce && now - lastReportNs < INTERVAL_NS) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            handler.onError(new TesseraException(
                    ErrorCode.INTERNAL, suppressed + " more errors in the last second were not shown"));
            suppressed = 0;
        }
        handler.onError(error);
        lastReportNs = now;
        reportedOnce = true;
    }

    long malformed() {
        return malformed;
    }
}
