package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.Sizes;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the store uses, held against its capacity limit. Writers reserve space before each piece
 * reaches the disk, so a write that would pass the limit is refused before anything is written, and
 * concurrent writers can never overshoot together.
 */
final class Space {
    private final Path root;
    private final FileStore volume;
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    Space(Path root, long limit) throws IOException {
        this.root = root;
        this.volume = Files.getFileStore(root);
        this.limit = limit;
    }

    /** Takes {@code bytes} for {@code id}, or throws {@link ErrorCode#NO_SPACE} leaving usage unchanged. */
    void reserve(BlockId id, long bytes) {
        long before;
        do {
            before = used.get();
            if (before + bytes > limit) {
                throw new TesseraException(
                        ErrorCode.NO_SPACE,
                        "no space for " + id + " in " + root + ": " + bytes + " more bytes would pass the capacity of "
                                + Sizes.format(limit) + " (" + Sizes.format(before) + " used)");
            }
        } while (!used.compareAndSet(before, before + bytes));
    }

    /** Counts files that already exist (found on open), even past the limit: they are there either way. */
    void reserveUnchecked(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    Usage usage() {
        try {
            long capacity = Math.min(limit, volume.getTotalSpace());
            long inUse = used.get();
            long available = Math.max(0, Math.min(capacity - inUse, volume.getUsableSpace()));
            return new Usage(capacity, inUse, available);
        } catch (IOException e) {
            throw Failures.io("reading the free space of " + root, e);
        }
    }

    /** Whether the volume has less than {@code bytes} free: how a failed write is told to be a full disk. */
    boolean volumeHasLessThan(long bytes) {
        try {
            return volume.getUsableSpace() < bytes;
        } catch (IOException e) {
            return false;
        }
    }
}
