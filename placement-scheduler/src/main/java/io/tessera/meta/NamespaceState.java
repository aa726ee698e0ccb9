package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * The namespace and block map of the metadata service: the directory tree with its files, their block
 * groups, writers' leases and the id counters. A pure, deterministic state machine: the replicated log
 * applies the same calls in the same order on every replica, so nothing here reads a clock (times are
 * cluster time in ms, passed in), draws random numbers, starts threads or iterates in hash order (trees
 * and files are visited in name and id order; hash maps are only looked up). Not thread-safe.
 *
 * <p>Operations are grouped by who calls them: {@link #namespace()} for directory and file calls, {@link
 * #writes()} for writers (groups, commits, close, leases), {@link #blocks()} for readers and repair
 * (locate, fsck). They throw {@link TesseraException} with an {@link ErrorCode} and change nothing when
 * they do. The whole state snapshots with {@link #writeTo} in the format {@link NamespaceSnapshot}
 * documents.
 *
 * <p>Permissions and owners are recorded and reported, not enforced: requests carry no authenticated
 * caller yet.
 */
final class NamespaceState {
    static final long ROOT_ID = 1;
    static final int DEFAULT_ROOT_PERMISSION = 0755;

    final NamespaceConfig config;
    final DirectoryInode root;
    final Leases leases = new Leases();
    /** Files under construction by id: the only files writers address by id. */
    final TreeMap<Long, FileInode> openFiles = new TreeMap<>();
    /** Owners, groups and holders repeat across millions of entries: one instance each. Looked up only. */
    private final HashMap<String, String> strings = new HashMap<>();

    /** Every block group by id, committed or in flight. */
    final GroupIndex groupIndex;

    long lastInodeId = ROOT_ID;
    long lastGroupId;
    long lastGeneration;
    private long files;
    private long directories;

    private final Namespace namespace = new Namespace(this);
    private final FileWrites writes = new FileWrites(this);
    private final BlockMap blocks = new BlockMap(this);

    /** An empty namespace: only the root directory, owned as configured. */
    NamespaceState(NamespaceConfig config) {
        this(
                config,
                new DirectoryInode(ROOT_ID, "", config.rootOwner(), config.rootGroup(), DEFAULT_ROOT_PERMISSION, 0));
    }

    /** A namespace over the tree at {@code root}, as a snapshot rebuilt it: counted and indexed here. */
    NamespaceState(NamespaceConfig config, DirectoryInode root) {
        this.config = config;
        this.root = root;
        TreeWalk.preOrder(root, inode -> {
            inode.owner = intern(inode.owner);
            inode.group = intern(inode.group);
            added(inode);
        });
        this.groupIndex = GroupIndex.of(root);
    }

    Namespace namespace() {
        return namespace;
    }

    FileWrites writes() {
        return writes;
    }

    BlockMap blocks() {
        return blocks;
    }

    /** Writes the whole state in the {@link NamespaceSnapshot} format. */
    void writeTo(DataOutput out) throws IOException {
        NamespaceSnapshot.write(this, out);
    }

    /** Reads a state {@link #writeTo} wrote; {@code config} must be the one it ran with. */
    static NamespaceState readFrom(DataInput in, NamespaceConfig config) throws IOException {
        return NamespaceSnapshot.read(in, config);
    }

    String[] components(String path) {
        return PathNames.components(path, config);
    }

    /** The entry at {@code components}, or null when it, or a directory on the way, is missing. */
    Inode find(String[] components) {
        Inode inode = root;
        for (String name : components) {
            if (!(inode instanceof DirectoryInode dir)) {
                return null;
            }
            inode = dir.child(name);
            if (inode == null) {
                return null;
            }
        }
        return inode;
    }

    /** The entry at {@code path}, or NOT_FOUND. */
    Inode get(String path) {
        Inode inode = find(components(path));
        if (inode == null) {
            throw new TesseraException(ErrorCode.NOT_FOUND, "no such file or directory: " + path);
        }
        return inode;
    }

    /**
     * The directory holding the last of {@code components}: PARENT_NOT_FOUND when a directory on the way
     * is missing, NOT_A_DIRECTORY when one is a file.
     */
    DirectoryInode parentDirectory(String[] components, String path) {
        DirectoryInode dir = root;
        for (int i = 0; i < components.length - 1; i++) {
            Inode child = dir.child(components[i]);
            if (child == null) {
                throw new TesseraException(ErrorCode.PARENT_NOT_FOUND, "parent directory does not exist: " + path);
            }
            if (!(child instanceof DirectoryInode childDir)) {
                throw new TesseraException(
                        ErrorCode.NOT_A_DIRECTORY, "not a directory: " + child.path() + " (in " + path + ")");
            }
            dir = childDir;
        }
        return dir;
    }

    /** The file {@code fileId} under construction by {@code holder}: NOT_FOUND or LEASE_HELD otherwise. */
    FileInode openFile(long fileId, String holder) {
        FileInode file = openFiles.get(fileId);
        if (file == null) {
            throw new TesseraException(ErrorCode.NOT_FOUND, "no file is being written with id " + fileId);
        }
        if (!file.leaseHolder.equals(holder)) {
            throw new TesseraException(
                    ErrorCode.LEASE_HELD, file.path() + " is being written by " + file.leaseHolder + ", not " + holder);
        }
        return file;
    }

    /** Counts an entry that joined the tree. */
    void added(Inode inode) {
        if (inode.isDirectory()) {
            directories++;
        } else {
            files++;
        }
    }

    /**
     * Takes an entry that leaves the tree out of the counts, the group index and the leases, and lists its
     * groups, committed or not, for deletion.
     */
    List<GroupLocation> forget(Inode inode) {
        if (!(inode instanceof FileInode file)) {
            directories--;
            return List.of();
        }
        files--;
        if (file.isUnderConstruction()) {
            openFiles.remove(file.id);
            leases.remove(file.leaseHolder, file.id);
            file.leaseHolder = null;
        }
        List<GroupLocation> groups = new ArrayList<>(file.groups.length);
        for (int i = 0; i < file.groups.length; i++) {
            groupIndex.remove(file.groups[i].id);
            groups.add(file.location(i));
        }
        return groups;
    }

    /** Entries and groups in the whole namespace, the root directory included: O(1). */
    NamespaceTotals totals() {
        return new NamespaceTotals(files, directories, groupIndex.size());
    }

    long nextInodeId() {
        return ++lastInodeId;
    }

    long nextGroupId() {
        return ++lastGroupId;
    }

    long nextGeneration() {
        return ++lastGeneration;
    }

    String intern(String text) {
        String known = strings.putIfAbsent(text, text);
        return known == null ? text : known;
    }
}
