package io.tessera.client;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams a group's data to the server that accumulates its parity: ParityBegin, every data chunk as a
 * ParityChunk naming its data block and offset, then ParityEnd; completes with the server's outcome for
 * each parity block. Like {@link UploadOperation}, a buffer's future completes once it is sent.
 */
final class ParityOperation extends Operation {
    private final long group;
    private final long generation;
    private final int policyId;
    private final long maxBlockLength;
    private final List<ParityTarget> others;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final CompletableFuture<List<ParityResult>> result = new CompletableFuture<>();
    private boolean begun;
    private boolean endRequested;
    private boolean endSent;
    private boolean abortRequested;
    private boolean abortSent;

    /** A buffer whose first byte, at position {@code start}, is byte {@code blockOffset} of its data block. */
    private record Pending(int dataIndex, long blockOffset, int start, ByteBuffer data, CompletableFuture<Void> sent) {}

    ParityOperation(
            long correlationId,
            long group,
            long generation,
            int policyId,
            long maxBlockLength,
            List<ParityTarget> others) {
        super(correlationId);
        this.group = group;
        this.generation = generation;
        this.policyId = policyId;
        this.maxBlockLength = maxBlockLength;
        this.others = others;
    }

    CompletableFuture<List<ParityResult>> result() {
        return result;
    }

    void enqueue(int dataIndex, long blockOffset, ByteBuffer data, CompletableFuture<Void> sent) {
        if (endRequested || result.isDone()) {
            sent.completeExceptionally(new TesseraException(
                    ErrorCode.INVALID_ARGUMENT, "the parity of block group " + group + " is finished"));
            return;
        }
        queue.add(new Pending(dataIndex, blockOffset, data.position(), data, sent));
    }

    void requestEnd() {
        endRequested = true;
    }

    void requestAbort() {
        abortRequested = true;
        fail(new TesseraException(ErrorCode.INVALID_ARGUMENT, "the parity of block group " + group + " was aborted"));
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
            if (!proxy.parityBegin(correlationId, group, generation, policyId, maxBlockLength, others)) {
                return false;
            }
            begun = true;
        }
        while (!queue.isEmpty()) {
            Pending pending = queue.peek();
            if (!sendChunks(proxy, pending)) {
                return false;
            }
            queue.poll().sent().complete(null);
        }
        if (endRequested && !endSent) {
            if (!proxy.parityEnd(correlationId)) {
                return false;
            }
            endSent = true;
        }
        return true;
    }

    private boolean sendChunks(RequestProxy proxy, Pending pending) {
        ByteBuffer data = pending.data();
        int maxChunk = proxy.maxParityChunkData();
        while (data.hasRemaining()) {
            int length = Math.min(maxChunk, data.remaining());
            long offset = pending.blockOffset() + data.position() - pending.start();
            view.wrap(data, data.position(), length);
            if (!proxy.parityChunk(correlationId, pending.dataIndex(), offset, view, 0, length)) {
                return false;
            }
            data.position(data.position() + length);
        }
        return true;
    }

    void onAck(List<ParityResult> results) {
        result.complete(results);
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
