package io.tessera.meta;

import java.util.List;

/**
 * A file whose writer's lease expired, now closed at the length of its committed groups.
 *
 * @param dropped its groups that were never committed: their blocks are to be deleted
 */
record RecoveredFile(long fileId, String path, String leaseHolder, long length, List<GroupLocation> dropped) {}
