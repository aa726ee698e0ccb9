package io.tessera.client;

import io.tessera.common.StoragePolicy;

/** A file created for writing: its id, and the block size and policy its bytes will be written with. */
public record CreatedFile(long fileId, long blockSize, StoragePolicy policy) {}
