package io.tessera.client;

/** Totals of a directory tree; {@code spaceConsumed} counts parity and replicas. */
public record ContentSummary(long length, long fileCount, long directoryCount, long spaceConsumed) {}
