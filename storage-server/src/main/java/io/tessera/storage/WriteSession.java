package io.tessera.storage;

/**
 * One block being received: its writer until WriteEnd hands it to the sync thread. A write that failed
 * stays as a tombstone so that its remaining chunks are dropped quietly: the client got one error.
 */
final class WriteSession {
    final long correlationId;
    private final BlockWriter writer;
    private boolean failed;
    private boolean finishing;

    WriteSession(long correlationId, BlockWriter writer) {
        this.correlationId = correlationId;
        this.writer = writer;
    }

    static WriteSession failed(long correlationId) {
        WriteSession tombstone = new WriteSession(correlationId, null);
        tombstone.failed = true;
        return tombstone;
    }

    BlockWriter writer() {
        return writer;
    }

    boolean accepts() {
        return !failed && !finishing;
    }

    void markFinishing() {
        finishing = true;
    }

    /** Fails the write: the partial block is deleted and later chunks are ignored. */
    void fail() {
        failed = true;
        abort();
    }

    void abort() {
        if (writer != null && !finishing) {
            writer.abort();
        }
    }
}
