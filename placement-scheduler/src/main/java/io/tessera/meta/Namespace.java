package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * Directory and file calls, named as in the metadata schema, with HDFS semantics where Hadoop's
 * {@code FileSystem} contract fixes them. A call that fails throws and has changed nothing.
 *
 * <ul>
 *   <li><b>mkdirs</b> creates missing parents; an existing directory is fine, a file on the way is
 *       NOT_A_DIRECTORY. Parents it creates get the permission plus {@code u+wx}, as in HDFS.
 *   <li><b>create</b> over an existing directory is IS_A_DIRECTORY (HDFS says
 *       FileAlreadyExistsException: the connector is to map it so); over a file being written by another holder
 *       LEASE_HELD; over any other file ALREADY_EXISTS unless {@code overwrite}, which replaces the file in
 *       one step and hands back its groups as garbage (a holder may so restart its own unfinished write).
 *       Missing parents are created ({@code 0755}) when {@code createParent}, as {@code
 *       FileSystem.create} does, else PARENT_NOT_FOUND ({@code createNonRecursive}).
 *   <li><b>rename</b> moves a file or directory atomically. A destination that is a directory receives the
 *       source inside it; then, or when the destination does not exist, the final name must be free, else
 *       ALREADY_EXISTS. A missing source is NOT_FOUND, a missing destination parent PARENT_NOT_FOUND, a file
 *       on the destination's way NOT_A_DIRECTORY: where HDFS's {@code rename} returns false for these, the
 *       connector is to return false. Renaming onto itself succeeds without change; a directory into its
 *       own subtree, or the root, is INVALID_ARGUMENT (HDFS: false, or an IOException). Files being written
 *       may be renamed: writers address them by id.
 *   <li><b>delete</b> of a missing path returns false, as HDFS does, and so does delete of the root,
 *       which HDFS refuses. A non-empty directory needs {@code recursive}, else DIRECTORY_NOT_EMPTY. Files
 *       being written are deleted with their leases.
 *   <li>Lookups of a missing path, or a path through a file, are NOT_FOUND. A file being written shows
 *       the length of its committed groups.
 * </ul>
 *
 * Modification times of the directories an entry is added to or removed from become {@code now}; access
 * times change only through {@link #setTimes} (reads do not go through the replicated log).
 */
final class Namespace {
    static final int MAX_PERMISSION = 07777;
    static final int IMPLICIT_PARENT_PERMISSION = 0755;
    /** Owners, groups and lease holders longer than this are refused (they are stored in every entry). */
    static final int MAX_PRINCIPAL_LENGTH = 1024;

    private final NamespaceState state;

    Namespace(NamespaceState state) {
        this.state = state;
    }

    /** Creates the directory and its missing parents; false when it already existed. */
    boolean mkdirs(String path, String owner, int permission, long now) {
        String[] components = state.components(path);
        checkPermission(permission, path);
        checkOwner(owner, path);
        Inode existing = state.find(components);
        if (existing instanceof DirectoryInode) {
            return false;
        }
        makeDirectories(components, components.length, path, owner, permission | 0300, permission, now);
        return true;
    }

    /**
     * Creates {@code path} for writing and gives {@code leaseHolder} its lease. {@code policy} null and
     * {@code blockSize} 0 inherit from the nearest directory that sets them, else the configured defaults.
     */
    FileCreated create(
            String path,
            String owner,
            String leaseHolder,
            int permission,
            StoragePolicy policy,
            long blockSize,
            boolean overwrite,
            boolean createParent,
            long now) {
        String[] components = state.components(path);
        checkPermission(permission, path);
        checkOwner(owner, path);
        if (leaseHolder == null || leaseHolder.isEmpty() || leaseHolder.length() > MAX_PRINCIPAL_LENGTH) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "create " + path + " needs a lease holder of 1 to " + MAX_PRINCIPAL_LENGTH + " characters");
        }
        if (blockSize != 0) {
            state.config.checkBlockSize(blockSize, path);
        }
        if (components.length == 0) {
            throw new TesseraException(ErrorCode.IS_A_DIRECTORY, "cannot create the root directory as a file");
        }
        DirectoryInode parent = createParent
                ? makeDirectories(
                        components,
                        components.length - 1,
                        path,
                        owner,
                        IMPLICIT_PARENT_PERMISSION,
                        IMPLICIT_PARENT_PERMISSION,
                        now)
                : state.parentDirectory(components, path);
        Inode existing = parent.child(components[components.length - 1]);
        checkReplaceable(existing, path, leaseHolder, overwrite);
        List<GroupLocation> garbage = existing == null ? List.of() : state.forget(existing);

        StoragePolicy filePolicy = policy != null ? policy : parent.effectivePolicy(state.config.defaultPolicy());
        long fileBlockSize = blockSize != 0 ? blockSize : parent.effectiveBlockSize(state.config.defaultBlockSize());
        FileInode file = new FileInode(
                state.nextInodeId(),
                components[components.length - 1],
                state.intern(owner),
                parent.group,
                permission,
                now,
                filePolicy,
                fileBlockSize);
        file.leaseHolder = leaseHolder;
        parent.put(file);
        parent.modificationTime = now;
        state.added(file);
        state.openFiles.put(file.id, file);
        state.leases.add(leaseHolder, file.id, now);
        return new FileCreated(file.id, fileBlockSize, filePolicy, garbage);
    }

    private static void checkReplaceable(Inode existing, String path, String leaseHolder, boolean overwrite) {
        if (existing == null) {
            return;
        }
        if (existing instanceof DirectoryInode) {
            throw new TesseraException(ErrorCode.IS_A_DIRECTORY, path + " already exists as a directory");
        }
        FileInode file = (FileInode) existing;
        if (file.isUnderConstruction() && !file.leaseHolder.equals(leaseHolder)) {
            throw new TesseraException(ErrorCode.LEASE_HELD, path + " is being written by " + file.leaseHolder);
        }
        if (!overwrite) {
            throw new TesseraException(ErrorCode.ALREADY_EXISTS, path + " already exists");
        }
    }

    FileStatus getFileStatus(String path) {
        Inode inode = state.get(path);
        DirectoryInode parent = inode.parent;
        StoragePolicy inherited =
                parent == null ? state.config.defaultPolicy() : parent.effectivePolicy(state.config.defaultPolicy());
        long inheritedBlockSize = parent == null
                ? state.config.defaultBlockSize()
                : parent.effectiveBlockSize(state.config.defaultBlockSize());
        return status(inode, inode.path(), inherited, inheritedBlockSize);
    }

    /**
     * Up to {@code limit} entries of a directory in name order, after {@code startAfter} (null or empty
     * for the first page). Listing a file gives that file.
     */
    ListingPage listStatus(String path, String startAfter, int limit) {
        if (limit <= 0) {
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "a listing page needs a positive limit: " + limit);
        }
        Inode inode = state.get(path);
        if (!(inode instanceof DirectoryInode dir)) {
            return new ListingPage(List.of(getFileStatus(path)), false);
        }
        String dirPath = dir.path();
        StoragePolicy policy = dir.effectivePolicy(state.config.defaultPolicy());
        long blockSize = dir.effectiveBlockSize(state.config.defaultBlockSize());
        List<FileStatus> entries = new ArrayList<>(Math.min(limit, dir.size()));
        for (Inode child : dir.childrenAfter(startAfter == null ? "" : startAfter)) {
            if (entries.size() == limit) {
                return new ListingPage(entries, true);
            }
            entries.add(status(child, PathNames.child(dirPath, child.name), policy, blockSize));
        }
        return new ListingPage(entries, false);
    }

    private static FileStatus status(Inode inode, String path, StoragePolicy inheritedPolicy, long inheritedBlockSize) {
        if (inode instanceof FileInode file) {
            return new FileStatus(
                    path,
                    file.id,
                    false,
                    file.length,
                    file.blockSize,
                    file.policy,
                    file.policy,
                    file.permission,
                    file.owner,
                    file.group,
                    file.modificationTime,
                    file.accessTime,
                    file.leaseHolder);
        }
        DirectoryInode dir = (DirectoryInode) inode;
        return new FileStatus(
                path,
                dir.id,
                true,
                0,
                dir.blockSize != 0 ? dir.blockSize : inheritedBlockSize,
                dir.policy,
                dir.policy != null ? dir.policy : inheritedPolicy,
                dir.permission,
                dir.owner,
                dir.group,
                dir.modificationTime,
                dir.accessTime,
                null);
    }

    /** Moves {@code source} to {@code destination} in one step; see the class comment for the cases. */
    void rename(String source, String destination, long now) {
        String[] sourceComponents = state.components(source);
        String[] destinationComponents = state.components(destination);
        if (sourceComponents.length == 0) {
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "the root directory cannot be renamed");
        }
        Inode moving = state.find(sourceComponents);
        if (moving == null) {
            throw new TesseraException(ErrorCode.NOT_FOUND, "rename source does not exist: " + source);
        }
        DirectoryInode targetDir;
        String targetName;
        Inode named = state.find(destinationComponents);
        if (named instanceof DirectoryInode dir) {
            targetDir = dir;
            targetName = moving.name;
        } else {
            targetDir = state.parentDirectory(destinationComponents, destination);
            targetName = destinationComponents[destinationComponents.length - 1];
        }
        Inode occupant = targetDir.child(targetName);
        if (occupant == moving) {
            return;
        }
        if (targetDir.isWithin(moving)) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "cannot move directory " + source + " into its own subtree: " + destination);
        }
        if (occupant != null) {
            throw new TesseraException(
                    ErrorCode.ALREADY_EXISTS,
                    "cannot rename " + source + ": " + PathNames.child(targetDir.path(), targetName)
                            + " already exists");
        }
        DirectoryInode from = moving.parent;
        from.remove(moving);
        from.modificationTime = now;
        moving.name = targetName;
        targetDir.put(moving);
        targetDir.modificationTime = now;
    }

    /** Deletes a file or directory tree; see the class comment for when it returns false. */
    Deleted delete(String path, boolean recursive, long now) {
        String[] components = state.components(path);
        Inode inode = state.find(components);
        if (inode == null || inode == state.root) {
            return Deleted.NOTHING;
        }
        if (inode instanceof DirectoryInode dir && !dir.isEmpty() && !recursive) {
            throw new TesseraException(
                    ErrorCode.DIRECTORY_NOT_EMPTY,
                    "directory " + path + " is not empty (" + dir.size() + " entries); delete it recursively");
        }
        List<GroupLocation> garbage = new ArrayList<>();
        TreeWalk.preOrder(inode, entry -> garbage.addAll(state.forget(entry)));
        DirectoryInode parent = inode.parent;
        parent.remove(inode);
        parent.modificationTime = now;
        return new Deleted(true, garbage);
    }

    /** Sets the policy new files below a directory get; null goes back to inheriting. Files keep theirs. */
    void setPolicy(String path, StoragePolicy policy) {
        directoryFor(path, "set a storage policy on").policy = policy;
    }

    /** The policy of a file, or the one new files in a directory get. */
    StoragePolicy getPolicy(String path) {
        Inode inode = state.get(path);
        return inode instanceof FileInode file
                ? file.policy
                : ((DirectoryInode) inode).effectivePolicy(state.config.defaultPolicy());
    }

    /** Sets the block size new files below a directory get; 0 goes back to inheriting. */
    void setBlockSize(String path, long blockSize) {
        if (blockSize != 0) {
            state.config.checkBlockSize(blockSize, path);
        }
        directoryFor(path, "set a block size on").blockSize = blockSize;
    }

    private DirectoryInode directoryFor(String path, String action) {
        if (state.get(path) instanceof DirectoryInode dir) {
            return dir;
        }
        throw new TesseraException(
                ErrorCode.NOT_A_DIRECTORY,
                "cannot " + action + " file " + path
                        + ": a file keeps what it was written with; set it on a directory");
    }

    void setPermission(String path, int permission) {
        checkPermission(permission, path);
        state.get(path).permission = permission;
    }

    /** Sets owner and group; null or empty leaves one unchanged, but not both. */
    void setOwner(String path, String owner, String group) {
        boolean newOwner = owner != null && !owner.isEmpty();
        boolean newGroup = group != null && !group.isEmpty();
        if (!newOwner && !newGroup) {
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "setOwner " + path + " needs an owner or a group");
        }
        if (newOwner) {
            checkOwner(owner, path);
        }
        if (newGroup) {
            checkOwner(group, path);
        }
        Inode inode = state.get(path);
        if (newOwner) {
            inode.owner = state.intern(owner);
        }
        if (newGroup) {
            inode.group = state.intern(group);
        }
    }

    /** Sets modification and access times; -1 leaves one unchanged. */
    void setTimes(String path, long modificationTime, long accessTime) {
        if (modificationTime < -1 || accessTime < -1) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "times must be -1 (unchanged) or not negative: " + modificationTime + ", " + accessTime + " for "
                            + path);
        }
        Inode inode = state.get(path);
        if (modificationTime != -1) {
            inode.modificationTime = modificationTime;
        }
        if (accessTime != -1) {
            inode.accessTime = accessTime;
        }
    }

    /** Appends closed files' groups to a closed target in the same directory; see {@link Concat}. */
    void concat(String target, List<String> sources, long now) {
        new Concat(state).concat(target, sources, now);
    }

    /** Totals of the tree at {@code path}: O(entries below it). */
    ContentSummary contentSummary(String path) {
        long[] totals = new long[4];
        TreeWalk.preOrder(state.get(path), inode -> {
            if (inode instanceof FileInode file) {
                totals[0] += file.length;
                totals[1]++;
                for (BlockGroup group : file.groups) {
                    if (group.committed) {
                        totals[3] += group.spaceConsumed(file.policy, file.blockSize);
                    }
                }
            } else {
                totals[2]++;
            }
        });
        return new ContentSummary(totals[0], totals[1], totals[2], totals[3]);
    }

    /**
     * Makes the first {@code count} components directories, creating the missing ones (the last with
     * {@code lastPermission}), and returns the last. Checks the whole way before creating anything: once
     * one directory is missing, every one after it is too.
     */
    private DirectoryInode makeDirectories(
            String[] components,
            int count,
            String path,
            String owner,
            int parentPermission,
            int lastPermission,
            long now) {
        DirectoryInode dir = state.root;
        for (int i = 0; i < count; i++) {
            Inode child = dir.child(components[i]);
            if (child == null) {
                int permission = i == count - 1 ? lastPermission : parentPermission;
                child = new DirectoryInode(
                        state.nextInodeId(), components[i], state.intern(owner), dir.group, permission, now);
                dir.put(child);
                state.added(child);
                dir.modificationTime = now;
            } else if (!(child instanceof DirectoryInode)) {
                throw new TesseraException(
                        ErrorCode.NOT_A_DIRECTORY, "not a directory: " + child.path() + " (in " + path + ")");
            }
            dir = (DirectoryInode) child;
        }
        return dir;
    }

    private static void checkPermission(int permission, String path) {
        if (permission < 0 || permission > MAX_PERMISSION) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "permission must be 0 to 07777: 0" + Integer.toOctalString(permission) + " for " + path);
        }
    }

    private static void checkOwner(String owner, String path) {
        if (owner == null || owner.isEmpty() || owner.length() > MAX_PRINCIPAL_LENGTH) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "an owner of 1 to " + MAX_PRINCIPAL_LENGTH + " characters is needed for " + path);
        }
    }
}
