package io.tessera.meta;

import java.util.Arrays;

/**
 * Block group id to the file that owns it, for what names groups by id alone: block reports, bad-block
 * reports, repair. Group ids are allocated in increasing order, so the index is two parallel sorted arrays
 * appended to at the end and binary-searched (12 bytes a group, no boxing); removal leaves a hole that
 * compaction squeezes out once holes outnumber entries.
 */
final class GroupIndex {
    private static final int INITIAL_CAPACITY = 64;

    private long[] ids = new long[INITIAL_CAPACITY];
    private FileInode[] files = new FileInode[INITIAL_CAPACITY];
    private int used;
    private int live;

    /** Adds a group newer than every group indexed so far. */
    void append(long id, FileInode file) {
        if (used > 0 && ids[used - 1] >= id) {
            throw new IllegalStateException("block group " + id + " is not newer than " + ids[used - 1]);
        }
        add(id, file);
    }

    private void add(long id, FileInode file) {
        if (used == ids.length) {
            ids = Arrays.copyOf(ids, used * 2);
            files = Arrays.copyOf(files, used * 2);
        }
        ids[used] = id;
        files[used] = file;
        used++;
        live++;
    }

    /** The file holding group {@code id}, or null. O(log groups). */
    FileInode file(long id) {
        int slot = Arrays.binarySearch(ids, 0, used, id);
        return slot < 0 ? null : files[slot];
    }

    /** Points an indexed group at the file it now belongs to. */
    void reassign(long id, FileInode file) {
        int slot = Arrays.binarySearch(ids, 0, used, id);
        if (slot < 0 || files[slot] == null) {
            throw new IllegalStateException("block group " + id + " is not indexed");
        }
        files[slot] = file;
    }

    void remove(long id) {
        int slot = Arrays.binarySearch(ids, 0, used, id);
        if (slot < 0 || files[slot] == null) {
            return;
        }
        files[slot] = null;
        live--;
        if (used > INITIAL_CAPACITY && live < used / 2) {
            compact();
        }
    }

    int size() {
        return live;
    }

    private void compact() {
        int kept = 0;
        for (int slot = 0; slot < used; slot++) {
            if (files[slot] != null) {
                ids[kept] = ids[slot];
                files[kept] = files[slot];
                kept++;
            }
        }
        Arrays.fill(files, kept, used, null);
        used = kept;
    }

    /** The index of every group of the files below {@code root}, met in tree order and sorted once. */
    static GroupIndex of(DirectoryInode root) {
        GroupIndex index = new GroupIndex();
        TreeWalk.preOrder(root, inode -> {
            if (inode instanceof FileInode file) {
                for (BlockGroup group : file.groups) {
                    index.add(group.id, file);
                }
            }
        });
        index.sortById();
        return index;
    }

    private void sortById() {
        long[] sorted = Arrays.copyOf(ids, ids.length);
        Arrays.sort(sorted, 0, used);
        FileInode[] placed = new FileInode[files.length];
        for (int i = 0; i < used; i++) {
            int slot = Arrays.binarySearch(sorted, 0, used, ids[i]);
            if (placed[slot] != null) {
                throw new IllegalStateException("block group " + ids[i] + " belongs to two files");
            }
            placed[slot] = files[i];
        }
        ids = sorted;
        files = placed;
    }
}
