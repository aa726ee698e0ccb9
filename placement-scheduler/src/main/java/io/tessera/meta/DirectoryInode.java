package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;

/**
 * A directory: its entries sorted by name (so listings page in name order at O(log n + page)), and the
 * storage policy and block size new files below it inherit, when it sets them.
 */
final class DirectoryInode extends Inode {
    /** Created with the first entry: most directories of a large tree are leaves or hold few entries. */
    private TreeMap<String, Inode> children;
    /** Null when inherited from the nearest ancestor that sets one. */
    StoragePolicy policy;
    /** 0 when inherited from the nearest ancestor that sets one. */
    long blockSize;

    DirectoryInode(long id, String name, String owner, String group, int permission, long time) {
        super(id, name, owner, group, permission, time);
    }

    @Override
    boolean isDirectory() {
        return true;
    }

    Inode child(String childName) {
        return children == null ? null : children.get(childName);
    }

    boolean isEmpty() {
        return children == null || children.isEmpty();
    }

    int size() {
        return children == null ? 0 : children.size();
    }

    /** Adds {@code inode} under its own name, replacing an entry of that name. */
    void put(Inode inode) {
        if (children == null) {
            children = new TreeMap<>();
        }
        children.put(inode.name, inode);
        inode.parent = this;
    }

    void remove(Inode inode) {
        children.remove(inode.name);
        inode.parent = null;
    }

    /** Entries in name order. */
    Collection<Inode> children() {
        return children == null ? Collections.emptyList() : children.values();
    }

    /** Entries in name order whose names sort after {@code startAfter} (all of them when it is empty). */
    Collection<Inode> childrenAfter(String startAfter) {
        if (children == null) {
            return Collections.emptyList();
        }
        return startAfter.isEmpty()
                ? children.values()
                : children.tailMap(startAfter, false).values();
    }

    /** The policy new files here get: this directory's, else the nearest ancestor's, else the default. */
    StoragePolicy effectivePolicy(StoragePolicy defaultPolicy) {
        for (DirectoryInode dir = this; dir != null; dir = dir.parent) {
            if (dir.policy != null) {
                return dir.policy;
            }
        }
        return defaultPolicy;
    }

    /** The block size new files here get, inherited like {@link #effectivePolicy}. */
    long effectiveBlockSize(long defaultBlockSize) {
        for (DirectoryInode dir = this; dir != null; dir = dir.parent) {
            if (dir.blockSize != 0) {
                return dir.blockSize;
            }
        }
        return defaultBlockSize;
    }
}
