package io.tessera.client;

import io.tessera.common.TesseraException;

/**
 * One request in flight to one storage server, owned by the conductor thread. It sends what it has
 * when the link lets it, takes the replies carrying its correlation id, and ends exactly once: done, or
 * failed with an exception that says how to react.
 */
abstract class Operation {
    final long correlationId;
    ServerLink link;
    private long deadlineNs;

    Operation(long correlationId) {
        this.correlationId = correlationId;
    }

    /** Binds the operation to the link it travels on; on the conductor thread, before any use. */
    void attach(ServerLink link) {
        this.link = link;
    }

    /** Sends what is ready; false when back-pressured with more left to send. */
    abstract boolean send(RequestProxy proxy);

    /** Whether anything is ready to send now. */
    abstract boolean hasOutput();

    /** Whether the operation is waiting for the server (so its deadline applies), not for its caller. */
    abstract boolean waitsOnServer();

    /** Whether the operation has ended, either way. */
    abstract boolean isDone();

    /** Ends the operation with an error, unless it already ended. */
    abstract void fail(TesseraException error);

    void touch(long nowNs, long timeoutNs) {
        deadlineNs = nowNs + timeoutNs;
    }

    boolean expired(long nowNs) {
        return waitsOnServer() && nowNs - deadlineNs > 0;
    }
}
