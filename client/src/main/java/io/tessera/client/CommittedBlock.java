package io.tessera.client;

/** A block the writer stored durably: its index in the group, node, length and checksum of checksums. */
public record CommittedBlock(int index, int nodeId, long length, int checksum) {}
