package io.tessera.client;

/**
 * When data-plane chunks are LZ4-compressed. Compression only pays where the link is slower than LZ4
 * (about 0.5 GB/s per core on text here): across a network, not over IPC, which moves several GB/s.
 * Where it is on, each stream still decides from samples ({@link ChunkCompression}), so incompressible
 * data such as Parquet pages is sent as it is.
 */
public enum CompressionMode {
    /** Never compress. */
    NEVER,
    /** Sample and compress on UDP links; never over IPC (the default). */
    REMOTE_ONLY,
    /** Sample and compress on every link (for tests and benchmarks). */
    ALWAYS_SAMPLE
}
