package io.tessera.client;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One block being written to one storage server. Buffers are sent in the order given; each {@link
 * #write} future completes when its buffer may be reused. {@link #finish()} completes when the server
 * has made the block durable. Any thread may call; calls are queued to the client's conductor.
 */
public final class BlockUpload {
    private final ClientConductor conductor;
    private final UploadOperation operation;

    BlockUpload(ClientConductor conductor, UploadOperation operation) {
        this.conductor = conductor;
        this.operation = operation;
    }

    /** Sends the remaining bytes of {@code data}; do not touch the buffer until the future completes. */
    public CompletableFuture<Void> write(ByteBuffer data) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        conductor.submit(() -> operation.enqueue(0, 0, data, written));
        return written;
    }

    /** Ends the block: completes with the server's acknowledgement once the block is durable. */
    public CompletableFuture<WriteResult> finish() {
        conductor.submit(operation::requestEnd);
        return operation.result();
    }

    /** Gives the block up; the server discards what it received. */
    public void abort() {
        conductor.submit(() -> conductor.abort(operation));
    }
}
