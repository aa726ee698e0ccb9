package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The snapshot format of a {@link NamespaceState}: the whole namespace, block map, leases and id
 * counters, streamed entry by entry: writing buffers nothing, and a million files take seconds each way
 * (about 135 bytes a file with one replicated group). Big-endian as {@link DataOutput} writes; strings are
 * {@link DataOutput#writeUTF}. Not written, because they follow from what is: the configuration (a
 * snapshot is read with the one it was written with), the entry and group totals, the group index and
 * the files under construction, all rebuilt on reading.
 *
 * <h2>Version 1</h2>
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                  magic 0x544E5350 ("TNSP")                    |
 *  |                     format version = 1                        |
 *  +---------------------------------------------------------------+
 *  |  last inode id (int64) | last group id (int64) | last generation (int64)
 *  +---------------------------------------------------------------+
 *  |  entry records, depth first, parents before children, names in order  ...
 *  |  kind 0 (one byte): end of entries                            |
 *  +---------------------------------------------------------------+
 *  |  lease count (int32), then per lease, by holder:              |
 *  |      holder (UTF), last renewed, cluster ms (int64)           |
 *  +---------------------------------------------------------------+
 *  |                  magic 0x544E5350 again: the end              |
 *  +---------------------------------------------------------------+
 *
 *  entry record
 *  +-----------+---------------+-----------------+------------------------------------+
 *  | kind (1B) | id (int64)    | parent id (int64, 0 for the root)                    |
 *  | name, owner, group (UTF each; the root's name is "")                             |
 *  | permission (uint16) | modification time (int64) | access time (int64)            |
 *  | kind 1, directory: policy id (1B, 0 = inherits) | block size (int64, 0 = inherits) |
 *  | kind 2, file:      policy id (1B) | block size (int64) | length (int64)           |
 *  |                    lease holder (UTF, "" once closed) | group count (int32)       |
 *  |                    group records, in file order                                  |
 *  +-----------------------------------------------------------------------------------+
 *
 *  group record
 *  | id (int64) | generation (int64) | data length (int64) | committed (1B, 0 or 1)  |
 *  | per slot, width of the file's policy: node id (int32, -1 none) | checksum (int32) |
 * </pre>
 *
 * Policy ids are {@link StoragePolicy#id()}. A reader refuses other magic, unknown versions, unknown
 * kinds and policies, entries whose parent is not a directory read before them, and files under
 * construction whose holder has no lease. A new version appends fields to records and is read by new code.
 */
final class NamespaceSnapshot {
    static final int MAGIC = 0x544E5350;
    static final int VERSION = 1;
    private static final byte END = 0;
    private static final byte DIRECTORY = 1;
    private static final byte FILE = 2;

    private NamespaceSnapshot() {}

    static void write(NamespaceState state, DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(state.lastInodeId);
        out.writeLong(state.lastGroupId);
        out.writeLong(state.lastGeneration);
        try {
            TreeWalk.preOrder(state.root, inode -> writeEntry(inode, out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.writeByte(END);
        out.writeInt(state.leases.size());
        for (Leases.Lease lease : state.leases.all()) {
            out.writeUTF(lease.holder);
            out.writeLong(lease.lastRenewed);
        }
        out.writeInt(MAGIC);
    }

    private static void writeEntry(Inode inode, DataOutput out) {
        try {
            out.writeByte(inode.isDirectory() ? DIRECTORY : FILE);
            out.writeLong(inode.id);
            out.writeLong(inode.parent == null ? 0 : inode.parent.id);
            out.writeUTF(inode.name);
            out.writeUTF(inode.owner);
            out.writeUTF(inode.group);
            out.writeShort(inode.permission);
            out.writeLong(inode.modificationTime);
            out.writeLong(inode.accessTime);
            if (inode instanceof DirectoryInode dir) {
                out.writeByte(dir.policy == null ? 0 : dir.policy.id());
                out.writeLong(dir.blockSize);
            } else {
                writeFile((FileInode) inode, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFile(FileInode file, DataOutput out) throws IOException {
        out.writeByte(file.policy.id());
        out.writeLong(file.blockSize);
        out.writeLong(file.length);
        out.writeUTF(file.leaseHolder == null ? "" : file.leaseHolder);
        out.writeInt(file.groups.length);
        for (BlockGroup group : file.groups) {
            out.writeLong(group.id);
            out.writeLong(group.generation);
            out.writeLong(group.dataLength);
            out.writeByte(group.committed ? 1 : 0);
            for (int slot = 0; slot < group.nodes.length; slot++) {
                out.writeInt(group.nodes[slot]);
                out.writeInt(group.committed ? group.checksums[slot] : 0);
            }
        }
    }

    static NamespaceState read(DataInput in, NamespaceConfig config) throws IOException {
        checkMagic(in.readInt(), "start");
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(
                    "namespace snapshot version " + version + " is not one this reader knows (" + VERSION + ")");
        }
        long lastInodeId = in.readLong();
        long lastGroupId = in.readLong();
        long lastGeneration = in.readLong();
        Reader reader = new Reader(in, config);
        NamespaceState state = reader.entries();
        state.lastInodeId = lastInodeId;
        state.lastGroupId = lastGroupId;
        state.lastGeneration = lastGeneration;
        reader.leases(state);
        checkMagic(in.readInt(), "end");
        return state;
    }

    private static void checkMagic(int magic, String where) throws IOException {
        if (magic != MAGIC) {
            throw new IOException(
                    "not a namespace snapshot: magic 0x" + Integer.toHexString(magic) + " at its " + where);
        }
    }

    /** Rebuilds the tree from entry records, parents before children. */
    private static final class Reader {
        private final DataInput in;
        private final NamespaceConfig config;
        /** Looked up only, never iterated. */
        private final HashMap<Long, DirectoryInode> directories = new HashMap<>();

        /** Owners and groups repeat: one instance each while reading. Looked up only. */
        private final HashMap<String, String> strings = new HashMap<>();

        private final List<FileInode> openFiles = new ArrayList<>();
        private DirectoryInode root;

        Reader(DataInput in, NamespaceConfig config) {
            this.in = in;
            this.config = config;
        }

        NamespaceState entries() throws IOException {
            for (byte kind = in.readByte(); kind != END; kind = in.readByte()) {
                entry(kind);
            }
            if (root == null) {
                throw new IOException("namespace snapshot has no root directory");
            }
            try {
                return new NamespaceState(config, root);
            } catch (IllegalStateException e) {
                throw new IOException("namespace snapshot is inconsistent: " + e.getMessage(), e);
            }
        }

        private void entry(byte kind) throws IOException {
            long id = in.readLong();
            long parentId = in.readLong();
            String name = in.readUTF();
            String owner = intern(in.readUTF());
            String group = intern(in.readUTF());
            int permission = in.readUnsignedShort();
            long modificationTime = in.readLong();
            long accessTime = in.readLong();
            Inode inode;
            if (kind == DIRECTORY) {
                DirectoryInode dir = new DirectoryInode(id, name, owner, group, permission, modificationTime);
                int policyId = in.readUnsignedByte();
                dir.policy = policyId == 0 ? null : policy(policyId);
                dir.blockSize = in.readLong();
                directories.put(id, dir);
                inode = dir;
            } else if (kind == FILE) {
                inode = file(id, name, owner, group, permission, modificationTime);
            } else {
                throw new IOException("unknown entry kind " + kind + " for entry " + id);
            }
            inode.accessTime = accessTime;
            attach(inode, parentId);
        }

        private FileInode file(long id, String name, String owner, String group, int permission, long time)
                throws IOException {
            StoragePolicy policy = policy(in.readUnsignedByte());
            FileInode file = new FileInode(id, name, owner, group, permission, time, policy, in.readLong());
            file.length = in.readLong();
            String holder = in.readUTF();
            int groups = in.readInt();
            if (groups < 0) {
                throw new IOException("file " + id + " has " + groups + " block groups");
            }
            file.groups = new BlockGroup[groups];
            for (int i = 0; i < groups; i++) {
                file.groups[i] = group(policy.width());
            }
            if (!holder.isEmpty()) {
                file.leaseHolder = holder;
                openFiles.add(file);
            }
            return file;
        }

        private BlockGroup group(int width) throws IOException {
            BlockGroup group = new BlockGroup(in.readLong(), in.readLong(), new int[width]);
            group.dataLength = in.readLong();
            group.committed = in.readByte() != 0;
            int[] checksums = new int[width];
            for (int slot = 0; slot < width; slot++) {
                group.nodes[slot] = in.readInt();
                checksums[slot] = in.readInt();
            }
            if (group.committed) {
                group.checksums = checksums;
            }
            return group;
        }

        private void attach(Inode inode, long parentId) throws IOException {
            if (root == null) {
                if (parentId != 0 || !(inode instanceof DirectoryInode dir)) {
                    throw new IOException(
                            "namespace snapshot must start with the root directory, not entry " + inode.id);
                }
                root = dir;
                return;
            }
            DirectoryInode parent = directories.get(parentId);
            if (parent == null) {
                throw new IOException(
                        "entry " + inode.id + " names " + parentId + " as its parent, not a directory before it");
            }
            parent.put(inode);
        }

        private String intern(String text) {
            String known = strings.putIfAbsent(text, text);
            return known == null ? text : known;
        }

        void leases(NamespaceState restored) throws IOException {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String holder = in.readUTF();
                restored.leases.restore(holder, in.readLong());
            }
            for (FileInode file : openFiles) {
                Leases.Lease lease = restored.leases.get(file.leaseHolder);
                if (lease == null) {
                    throw new IOException(
                            "file " + file.id + " is being written by " + file.leaseHolder + ", who holds no lease");
                }
                lease.fileIds.add(file.id);
                restored.openFiles.put(file.id, file);
            }
        }

        private static StoragePolicy policy(int id) throws IOException {
            try {
                return StoragePolicy.ofId(id);
            } catch (TesseraException e) {
                throw new IOException("namespace snapshot names unknown storage policy id " + id, e);
            }
        }
    }
}
