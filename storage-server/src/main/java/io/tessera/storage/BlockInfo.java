package io.tessera.storage;

import io.tessera.common.BlockId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A finished block with the CRC32C of each of its 64 KiB chunks: what a writer returns so the sender can
 * compare the sums with its own (end to end), and what a reader needs to verify bytes.
 */
record BlockInfo(BlockId id, long generation, long length, int[] chunkChecksums) {
    BlockInfo {
        Objects.requireNonNull(id, "id");
        chunkChecksums = chunkChecksums.clone();
    }

    /** A copy: the sums must not change under the readers that trust them. */
    @Override
    public int[] chunkChecksums() {
        return chunkChecksums.clone();
    }

    int chunkCount() {
        return chunkChecksums.length;
    }

    int chunkChecksum(int chunk) {
        return chunkChecksums[chunk];
    }

    StoredBlock stored() {
        return new StoredBlock(id, generation, length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockInfo that
                && id.equals(that.id)
                && generation == that.generation
                && length == that.length
                && Arrays.equals(chunkChecksums, that.chunkChecksums);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, generation, length, Arrays.hashCode(chunkChecksums));
    }

    @Override
    public String toString() {
        return id + " (generation " + generation + ", " + length + " bytes, " + chunkChecksums.length + " chunks)";
    }
}
