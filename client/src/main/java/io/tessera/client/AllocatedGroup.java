package io.tessera.client;

import java.util.List;

/** A new block group: its id and generation, and the node for each block index in order. */
public record AllocatedGroup(long group, long generation, List<NodeEndpoint> targets) {}
