package io.tessera.storage;

import io.tessera.client.BlockUpload;

/**
 * One block being received: its writer until WriteEnd hands it to the sync thread, and in a replication
 * pipeline the upload that passes every chunk on to the next server. A write that failed
 * stays as a tombstone so that its remaining chunks are dropped quietly: the client got one error.
 */
final class WriteSession {
    final long correlationId;
    private final BlockWriter writer;
    private final BlockUpload downstream;
    private boolean failed;
    private boolean finishing;

    /** @param downstream the next server of a replication pipeline, or null at its tail */
    WriteSession(long correlationId, BlockWriter writer, BlockUpload downstream) {
        this.correlationId = correlationId;
        this.writer = writer;
        this.downstream = downstream;
    }

    static WriteSession failed(long correlationId) {
        WriteSession tombstone = new WriteSession(correlationId, null, null);
        tombstone.failed = true;
        return tombstone;
    }

    BlockWriter writer() {
        return writer;
    }

    BlockUpload downstream() {
        return downstream;
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
        if (downstream != null && !finishing) {
            downstream.abort();
        }
    }
}
