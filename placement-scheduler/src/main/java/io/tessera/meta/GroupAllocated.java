package io.tessera.meta;

import java.util.List;

/**
 * A new group of a file being written, as in the {@code GroupAllocated} message.
 *
 * @param targets node of each slot: block index order, or replica order for a replicated policy
 */
record GroupAllocated(long blockGroup, long generation, List<Integer> targets) {}
