package io.tessera.client;

/** A parity block the accumulating server streams to another node: its index in the group, and where. */
public record ParityTarget(int blockIndex, StorageEndpoint endpoint) {}
