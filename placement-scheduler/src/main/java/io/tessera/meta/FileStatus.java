package io.tessera.meta;

import io.tessera.common.StoragePolicy;

/**
 * What {@code getFileStatus} and listings report of one entry, as in the {@code FileStatus} message.
 *
 * @param path the absolute path
 * @param fileId the inode id
 * @param length visible bytes: all of a closed file, the committed groups of one being written, 0 for a
 *     directory
 * @param blockSize the file's block size; for a directory, the one new files below it get
 * @param policy the file's policy, or the policy the directory itself sets (null when it inherits)
 * @param effectivePolicy the file's policy, or the one new files in the directory get
 * @param permission POSIX permission bits
 * @param leaseHolder the writer of a file under construction, null otherwise
 */
record FileStatus(
        String path,
        long fileId,
        boolean directory,
        long length,
        long blockSize,
        StoragePolicy policy,
        StoragePolicy effectivePolicy,
        int permission,
        String owner,
        String group,
        long modificationTime,
        long accessTime,
        String leaseHolder) {
    /** The last path component ("" for the root), as listing entries carry it. */
    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    boolean underConstruction() {
        return leaseHolder != null;
    }
}
