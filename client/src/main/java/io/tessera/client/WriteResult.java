package io.tessera.client;

/**
 * A block the server made durable: its length, the CRC32C over its 64 KiB chunk checksums, and how many
 * servers hold it (more than one down a replication pipeline).
 */
public record WriteResult(long length, int checksum, int replicas) {}
