package io.tessera.client;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A group's data on its way to the server accumulating the group's parity. Any thread may call; calls
 * are queued to the client's conductor in order.
 */
public final class ParityUpload {
    private final ClientConductor conductor;
    private final ParityOperation operation;

    ParityUpload(ClientConductor conductor, ParityOperation operation) {
        this.conductor = conductor;
        this.operation = operation;
    }

    /** Sends {@code data}'s remaining bytes as data block {@code dataIndex}'s bytes at {@code blockOffset}. */
    public CompletableFuture<Void> write(int dataIndex, long blockOffset, ByteBuffer data) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        conductor.submit(() -> operation.enqueue(dataIndex, blockOffset, data, sent));
        return sent;
    }

    /** No more data: completes with the outcome of every parity block. */
    public CompletableFuture<List<ParityResult>> finish() {
        conductor.submit(operation::requestEnd);
        return operation.result();
    }

    public void abort() {
        conductor.submit(operation::requestAbort);
    }
}
