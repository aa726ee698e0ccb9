package io.tessera.meta;

/**
 * One block to build on one node: a lost block rebuilt from the rest of its group, or a block copied
 * away from a node being drained or balanced.
 *
 * @param slot the group's slot the block fills ({@link BlockGroup}); its block index follows from it
 * @param fromNode the node the slot named when the task was made ({@link BlockGroup#NO_NODE} for a lost
 *     block): the task applies only while the slot still names it, so a stale or repeated report is harmless
 * @param copyFrom the node to copy the block from as it is, or 0 to rebuild it from the group's sources
 * @param move true for decommission and balancing copies, false for repairs of lost redundancy
 * @param assignedAt cluster time the task was made, for its timeout
 */
record RepairTask(
        long taskId,
        long blockGroup,
        long generation,
        int slot,
        int fromNode,
        int targetNode,
        int copyFrom,
        boolean move,
        long assignedAt) {}
