package io.tessera.client;

import java.util.List;

/**
 * Streams a group's data to the server that accumulates its parity: ParityBegin, every data chunk as a
 * ParityChunk naming its data block and offset, then ParityEnd; completes with the server's outcome for
 * each parity block.
 */
final class ParityOperation extends StreamOperation<List<ParityResult>> {
    private final long group;
    private final long generation;
    private final int policyId;
    private final long maxBlockLength;
    private final List<ParityTarget> others;

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

    @Override
    String describe() {
        return "the parity of block group " + group;
    }

    @Override
    boolean sendBegin(RequestProxy proxy) {
        return proxy.parityBegin(correlationId, group, generation, policyId, maxBlockLength, others);
    }

    @Override
    int maxChunk(RequestProxy proxy) {
        return proxy.maxParityChunkData();
    }

    @Override
    boolean sendChunk(RequestProxy proxy, Pending pending, int length) {
        long offset = pending.blockOffset() + pending.data().position() - pending.start();
        return proxy.parityChunk(correlationId, pending.dataIndex(), offset, view, 0, length);
    }

    @Override
    boolean sendEnd(RequestProxy proxy) {
        return proxy.parityEnd(correlationId);
    }

    void onAck(List<ParityResult> results) {
        result.complete(results);
    }
}
