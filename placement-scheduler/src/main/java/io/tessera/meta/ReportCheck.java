package io.tessera.meta;

import java.util.List;

/**
 * A node's block report held against the block map.
 *
 * @param stale blocks the node holds that the map does not place there (unknown or deleted group, another
 *     generation, another node's slot, a wrong length): the node is to delete them
 * @param missing committed groups the map places a block of on the node that the node did not report, with
 *     their health were those blocks lost: repair rebuilds them once {@link BlockMap#removeBlock} records
 *     the loss
 */
record ReportCheck(List<ReportedBlock> stale, List<GroupReport> missing) {}
