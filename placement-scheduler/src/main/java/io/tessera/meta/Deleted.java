package io.tessera.meta;

import java.util.List;

/**
 * The outcome of a delete.
 *
 * @param deleted false when there was nothing to delete (as HDFS's {@code delete} returns false)
 * @param garbage the groups of every file deleted, committed or not: their blocks are to be deleted
 */
record Deleted(boolean deleted, List<GroupLocation> garbage) {
    static final Deleted NOTHING = new Deleted(false, List.of());
}
