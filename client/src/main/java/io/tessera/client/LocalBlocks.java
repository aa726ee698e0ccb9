package io.tessera.client;

import java.nio.ByteBuffer;

/**
 * The blocks a storage server in this process keeps on its own disk, read without the data plane: what
 * a service running beside the server (Arrow Flight) uses to serve the blocks the server holds straight
 * from disk, still checksum-verified chunk by chunk.
 */
public interface LocalBlocks {
    /** The node id the metadata service gave the server; 0 until it has registered. */
    int nodeId();

    /**
     * Copies bytes {@code [offset, offset + length)} of block {@code index} of {@code group} into {@code
     * destination} after verifying the CRC32C of every chunk they touch. Fails with a {@link
     * io.tessera.common.TesseraException} whose code says why (not stored here, corrupt, ...); then the
     * destination's position has not moved.
     */
    void read(long group, int index, long offset, int length, ByteBuffer destination);
}
