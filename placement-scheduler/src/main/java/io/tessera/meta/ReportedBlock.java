package io.tessera.meta;

/** One block a storage server says it holds, as in the {@code BlockReport} message. */
record ReportedBlock(long blockGroup, int blockIndex, long generation, long length) {}
