package io.tessera.meta;

/**
 * An entry of the namespace tree: what directories and files share. Mutable, owned by the state
 * machine; fields are plain so that a million entries cost as little as possible.
 */
abstract sealed class Inode permits DirectoryInode, FileInode {
    final long id;
    String name;
    DirectoryInode parent;
    String owner;
    String group;
    int permission;
    long modificationTime;
    long accessTime;

    Inode(long id, String name, String owner, String group, int permission, long time) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.group = group;
        this.permission = permission;
        this.modificationTime = time;
        this.accessTime = time;
    }

    abstract boolean isDirectory();

    /** The absolute path, built by walking up to the root: O(depth). */
    String path() {
        if (parent == null) {
            return PathNames.ROOT;
        }
        StringBuilder path = new StringBuilder();
        for (Inode inode = this; inode.parent != null; inode = inode.parent) {
            path.insert(0, inode.name).insert(0, '/');
        }
        return path.toString();
    }

    /** Whether this entry is {@code ancestor} or lies below it. */
    boolean isWithin(Inode ancestor) {
        for (Inode inode = this; inode != null; inode = inode.parent) {
            if (inode == ancestor) {
                return true;
            }
        }
        return false;
    }
}
