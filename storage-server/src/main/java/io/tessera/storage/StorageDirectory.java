package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The files of a block store under its data directory, and the lock that makes this process their only
 * owner:
 *
 * <pre>
 *   DIR/
 *     lock          held with an exclusive lock while a store is open; holds the owner's pid
 *     storage-id    this node's identity, a random UUID written once, on first open
 *     writing/      blocks being written; never served, discarded on open (never acknowledged)
 *     finalized/    finished blocks, blk_&lt;group&gt;_&lt;index&gt; (format in {@link BlockFile})
 *     corrupt/      finalized files found damaged on open, kept for inspection, never served
 * </pre>
 *
 * <p>Blocks move from {@code writing/} to {@code finalized/} by an atomic rename within one file system,
 * so a block file is in exactly one of them. {@code finalized/} is flat: at 128 MiB a block, a 16 TB disk
 * holds about 125,000 files, which ext4 and XFS index by hash without trouble.
 */
final class StorageDirectory implements AutoCloseable {
    static final String LOCK = "lock";
    static final String STORAGE_ID = "storage-id";
    static final String WRITING = "writing";
    static final String FINALIZED = "finalized";
    static final String CORRUPT = "corrupt";

    final Path root;
    final Path writing;
    final Path finalized;
    final Path corrupt;
    private final boolean fsync;
    private final FileChannel lockChannel;
    private UUID storageId;

    private StorageDirectory(Path root, boolean fsync, FileChannel lockChannel) {
        this.root = root;
        this.writing = root.resolve(WRITING);
        this.finalized = root.resolve(FINALIZED);
        this.corrupt = root.resolve(CORRUPT);
        this.fsync = fsync;
        this.lockChannel = lockChannel;
    }

    /** Locks {@code root} (creating it if needed), then makes sure its layout and identity exist. */
    static StorageDirectory open(Path root, boolean fsync) {
        FileChannel lockChannel = lock(root);
        StorageDirectory directory = new StorageDirectory(root, fsync, lockChannel);
        try {
            Files.createDirectories(directory.writing);
            Files.createDirectories(directory.finalized);
            Files.createDirectories(directory.corrupt);
            directory.storageId = directory.loadOrCreateStorageId();
            return directory;
        } catch (IOException e) {
            directory.close();
            throw Failures.io("preparing the data directory " + root, e);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static FileChannel lock(Path root) {
        Path file = root.resolve(LOCK);
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT,
                        "the data directory " + root + " is in use by another storage server (" + owner(channel)
                                + " holds " + file + ")");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0).write(ByteBuffer.wrap(pid), 0);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw Failures.io("locking the data directory " + root, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** A lock held by this JVM shows up as an exception rather than null; both mean "taken". */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String owner(FileChannel channel) throws IOException {
        String pid = new String(
                        BlockFile.readFully(channel, 0, (int) Math.min(channel.size(), 32))
                                .array(),
                        StandardCharsets.US_ASCII)
                .trim();
        return pid.isEmpty() ? "another process" : "process " + pid;
    }

    private UUID loadOrCreateStorageId() throws IOException {
        Path file = root.resolve(STORAGE_ID);
        if (!Files.exists(file)) {
            Path temporary = root.resolve(STORAGE_ID + ".tmp");
            Files.writeString(temporary, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
            sync(temporary);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            sync(root);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    file + " does not hold a storage id (a UUID) but '" + text
                            + "': restore it, or delete it to give this node a new identity");
        }
    }

    UUID storageId() {
        return storageId;
    }

    Path finalizedFile(BlockId id) {
        return finalized.resolve(id.toString());
    }

    Path writingFile(BlockId id) {
        return writing.resolve(id.toString());
    }

    /** Moves a damaged finalized file into {@code corrupt/}, never overwriting an earlier one. */
    Path quarantine(Path file) throws IOException {
        String name = file.getFileName().toString();
        Path target = corrupt.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = corrupt.resolve(name + "." + i);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Makes a file's data, or a directory's entries, durable; a no-op when fsync is turned off. */
    void sync(Path path) throws IOException {
        if (fsync) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    boolean fsync() {
        return fsync;
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing the lock file releases the lock even when close reports an error.
            }
        }
    }
}
