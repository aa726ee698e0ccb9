package io.tessera.client;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An operation that streams the caller's buffers to one server between a begin and an end message,
 * cut into chunks that fit one Aeron frame, and completes with the server's acknowledgement. A buffer's
 * future completes once every byte of it is in the publication, so the caller may reuse it. Abort fails
 * the caller's futures at once and tells the server on the link's next turn.
 *
 * @param <R> what the acknowledgement completes the operation with
 */
abstract class StreamOperation<R> extends Operation {
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    final CompletableFuture<R> result = new CompletableFuture<>();
    private boolean begun;
    private boolean endRequested;
    private boolean endSent;
    private boolean abortRequested;
    private boolean abortSent;

    /**
     * A buffer to send: its first byte, at position {@code start}, is byte {@code blockOffset} of data block
     * {@code dataIndex} (both meaningful to operations that carry them).
     */
    record Pending(int dataIndex, long blockOffset, int start, ByteBuffer data, CompletableFuture<Void> sent) {}

    StreamOperation(long correlationId) {
        super(correlationId);
    }

    /** What is being streamed, for messages: "the upload of blk_1_0". */
    abstract String describe();

    abstract boolean sendBegin(RequestProxy proxy);

    /** The most bytes of one chunk on this link. */
    abstract int maxChunk(RequestProxy proxy);

    /** Sends the {@code length} bytes wrapped in {@link #view} as the next chunk of {@code pending}. */
    abstract boolean sendChunk(RequestProxy proxy, Pending pending, int length);

    abstract boolean sendEnd(RequestProxy proxy);

    CompletableFuture<R> result() {
        return result;
    }

    void enqueue(int dataIndex, long blockOffset, ByteBuffer data, CompletableFuture<Void> sent) {
        if (endRequested || result.isDone()) {
            sent.completeExceptionally(new TesseraException(ErrorCode.INVALID_ARGUMENT, describe() + " is finished"));
            return;
        }
        queue.add(new Pending(dataIndex, blockOffset, data.position(), data, sent));
    }

    void requestEnd() {
        endRequested = true;
    }

    void requestAbort() {
        abortRequested = true;
        fail(new TesseraException(ErrorCode.INVALID_ARGUMENT, describe() + " was aborted"));
    }

    @Override
    boolean hasOutput() {
        if (abortRequested) {
            return !abortSent;
        }
        return !begun || !queue.isEmpty() || (endRequested && !endSent);
    }

    @Override
    boolean waitsOnServer() {
        return !abortRequested && (endSent || (begun && !queue.isEmpty()));
    }

    @Override
    boolean send(RequestProxy proxy) {
        if (abortRequested) {
            abortSent = !begun || proxy.writeAbort(correlationId);
            return abortSent;
        }
        if (!begun) {
            if (!sendBegin(proxy)) {
                return false;
            }
            begun = true;
        }
        while (!queue.isEmpty()) {
            if (!sendChunks(proxy, queue.peek())) {
                return false;
            }
            queue.poll().sent().complete(null);
        }
        if (endRequested && !endSent) {
            if (!sendEnd(proxy)) {
                return false;
            }
            endSent = true;
        }
        return true;
    }

    /** Sends the rest of one buffer; its position advances as chunks go out. */
    private boolean sendChunks(RequestProxy proxy, Pending pending) {
        ByteBuffer data = pending.data();
        int maxChunk = maxChunk(proxy);
        while (data.hasRemaining()) {
            int length = Math.min(maxChunk, data.remaining());
            view.wrap(data, data.position(), length);
            if (!sendChunk(proxy, pending, length)) {
                return false;
            }
            data.position(data.position() + length);
        }
        return true;
    }

    @Override
    boolean isDone() {
        return result.isDone() && (!abortRequested || abortSent);
    }

    @Override
    void fail(TesseraException error) {
        for (Pending pending : queue) {
            pending.sent().completeExceptionally(error);
        }
        queue.clear();
        result.completeExceptionally(error);
    }
}
