package io.tessera.storage;

import io.tessera.client.ParityTarget;
import io.tessera.client.PolicyCodes;
import io.tessera.common.StoragePolicy;
import io.tessera.erasure.ErasureCode;
import io.tessera.erasure.ParityAccumulator;
import java.util.List;

/**
 * A block group whose parity this server accumulates for a writer that cannot hold it: data chunks
 * arrive for each data block in order; at the end this server stores parity block {@code k} and streams
 * the others to their nodes. Holds {@code m x maxBlockLength} bytes until then.
 */
final class ParitySession {
    final long correlationId;
    final long group;
    final long generation;
    final StoragePolicy policy;
    final List<ParityTarget> others;
    final ParityAccumulator accumulator;
    final long memory;
    private boolean failed;
    private boolean finishing;

    ParitySession(
            long correlationId,
            long group,
            long generation,
            StoragePolicy policy,
            int maxBlockLength,
            List<ParityTarget> others) {
        this.correlationId = correlationId;
        this.group = group;
        this.generation = generation;
        this.policy = policy;
        this.others = others;
        this.memory = memoryFor(policy, maxBlockLength);
        ErasureCode code = PolicyCodes.of(policy);
        this.accumulator = code.newParityAccumulator(maxBlockLength);
    }

    static long memoryFor(StoragePolicy policy, long maxBlockLength) {
        return policy.redundantBlocks() * maxBlockLength;
    }

    boolean accepts() {
        return !failed && !finishing;
    }

    void fail() {
        failed = true;
    }

    void markFinishing() {
        finishing = true;
    }

    boolean isFinishing() {
        return finishing;
    }
}
