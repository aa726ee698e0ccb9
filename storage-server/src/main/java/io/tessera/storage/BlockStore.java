package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.Sizes;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blocks of one storage server, as files under a data directory ({@link StorageDirectory} draws the
 * directory, {@link BlockFile} the file format). Blocks are written once, in order, by a {@link
 * BlockWriter}, become visible when finished, and are read by range with every returned byte checked
 * against its chunk's CRC32C.
 *
 * <p>All methods are safe to call from many threads. Reads go through a small cache of open files; the
 * finalization of a block and its deletion are serialized per block id, so a delete racing a rewrite of
 * the same id can never remove the new file.
 *
 * <p>Failures are {@link TesseraException}s whose code says what the caller does next:
 *
 * <ul>
 *   <li>{@link ErrorCode#BLOCK_NOT_FOUND}: the block is not finished here (unknown, still being written,
 *       deleted, or set aside as damaged when the store opened).
 *   <li>{@link ErrorCode#CORRUPT_BLOCK}: stored bytes failed their checksum; the message names the block
 *       and chunk. Read from redundancy and report the block.
 *   <li>{@link ErrorCode#ALREADY_EXISTS}: creating a block that is stored or being written.
 *   <li>{@link ErrorCode#INVALID_ARGUMENT}: a range outside the block, a piece at the wrong offset, a
 *       writer that already finished or aborted.
 *   <li>{@link ErrorCode#NO_SPACE}: the capacity limit or the disk is full; the block being written was
 *       aborted.
 *   <li>{@link ErrorCode#UNAVAILABLE}: an I/O error, or the store is closed: try another node.
 * </ul>
 */
public final class BlockStore implements AutoCloseable {
    private static final int LOCK_STRIPES = 64;

    private final Context context;
    private final StorageDirectory directory;
    private final Space space;
    private final OpenBlocks openBlocks;
    private final Recovery recovery;
    private final ConcurrentHashMap<BlockId, StoredBlock> blocks = new ConcurrentHashMap<>();
    private final Set<BlockId> beingWritten = ConcurrentHashMap.newKeySet();
    private final Set<BlockWriter> writers = ConcurrentHashMap.newKeySet();
    private final Object[] stripes = new Object[LOCK_STRIPES];
    private volatile boolean closed;

    private BlockStore(Context context, StorageDirectory directory) throws IOException {
        this.context = context;
        this.directory = directory;
        this.space = new Space(directory.root, context.capacity());
        this.openBlocks = new OpenBlocks(context.openBlockCacheSize());
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        this.recovery = Recovery.scan(directory);
        for (StoredBlock block : recovery.blocks()) {
            blocks.put(block.id(), block);
            space.reserveUnchecked(BlockFile.fileLength(block.length()));
        }
    }

    /**
     * Opens the store in {@code context}'s directory, creating it on first use: takes the directory's
     * lock, discards blocks that were never finished and sets damaged files aside (see {@link #recovery()}).
     */
    public static BlockStore open(Context context) {
        context.conclude();
        StorageDirectory directory = StorageDirectory.open(context.dataDir(), context.fsync());
        try {
            return new BlockStore(context, directory);
        } catch (IOException e) {
            directory.close();
            throw Failures.io("opening the block store in " + context.dataDir(), e);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** This node's identity, stable across restarts of the same data directory. */
    public UUID storageId() {
        return directory.storageId();
    }

    /** The store's capacity, use, and what a new block may still take. */
    public Usage usage() {
        return space.usage();
    }

    public Context context() {
        return context;
    }

    /** What {@link #open} found: partial blocks discarded and damaged files moved to {@code corrupt/}. */
    Recovery recovery() {
        return recovery;
    }

    /**
     * Starts block {@code id} at {@code generation}. Refused with {@link ErrorCode#ALREADY_EXISTS} when the
     * block is stored or being written, and with {@link ErrorCode#NO_SPACE} when even its header and
     * trailer do not fit.
     */
    BlockWriter create(BlockId id, long generation) {
        checkOpen();
        if (generation < 0) {
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "negative generation " + generation + " for " + id);
        }
        if (!beingWritten.add(id)) {
            throw new TesseraException(ErrorCode.ALREADY_EXISTS, id + " is already being written");
        }
        try {
            StoredBlock existing = blocks.get(id);
            if (existing != null) {
                throw new TesseraException(
                        ErrorCode.ALREADY_EXISTS, id + " already exists (generation " + existing.generation() + ")");
            }
            return startWriter(id, generation);
        } catch (RuntimeException e) {
            beingWritten.remove(id);
            throw e;
        }
    }

    private BlockWriter startWriter(BlockId id, long generation) {
        long reserved = BlockFile.fileLength(0);
        space.reserve(id, reserved);
        Path file = directory.writingFile(id);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            BlockFile.writeFully(channel, BlockFile.header(id, generation), 0);
            BlockWriter writer = new BlockWriter(this, id, generation, file, channel, reserved);
            writers.add(writer);
            return writer;
        } catch (IOException e) {
            closeQuietly(channel);
            discard(file);
            space.release(reserved);
            throw Failures.write(id, e, space, reserved);
        }
    }

    /**
     * Copies bytes {@code [offset, offset + length)} of block {@code id} into {@code destination}, after
     * verifying the CRC32C of every 64 KiB chunk they touch. A chunk that fails is {@link
     * ErrorCode#CORRUPT_BLOCK}, naming the chunk, and the destination's position does not move.
     */
    void read(BlockId id, long offset, int length, ByteBuffer destination) {
        if (destination.remaining() < length) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "a destination with " + destination.remaining() + " bytes of room cannot take " + length);
        }
        withOpenBlock(id, block -> {
            checkRange(block.info, offset, length);
            block.read(offset, length, destination);
        });
    }

    /**
     * Reads the whole chunk of block {@code id} starting at {@code chunkStart} into {@code head} and then
     * {@code tail} (their remaining bytes together are the chunk's length), verifying its CRC32C over both
     * before either counts as filled: so a chunk larger than one message can go out in two without a copy.
     */
    void readChunk(BlockId id, long chunkStart, ByteBuffer head, ByteBuffer tail) {
        withOpenBlock(id, block -> block.readChunk(chunkStart, head, tail));
    }

    private interface BlockAction {
        void apply(OpenBlock block) throws IOException;
    }

    /** Runs {@code action} on the open block, reopening it once if the cache closed it underneath. */
    private void withOpenBlock(BlockId id, BlockAction action) {
        for (int attempt = 1; ; attempt++) {
            OpenBlock block = acquire(id);
            try {
                action.apply(block);
                return;
            } catch (ClosedByInterruptException e) {
                openBlocks.evict(block);
                Thread.currentThread().interrupt();
                throw new TesseraException(ErrorCode.UNAVAILABLE, "interrupted while reading " + id, e);
            } catch (ClosedChannelException e) {
                openBlocks.evict(block);
                if (closed || attempt == 2) {
                    throw new TesseraException(ErrorCode.UNAVAILABLE, "the block store closed while reading " + id, e);
                }
            } catch (IOException e) {
                throw Failures.io("reading " + id, e);
            } finally {
                block.release();
            }
        }
    }

    void read(BlockId id, long offset, byte[] destination, int destinationOffset, int length) {
        read(id, offset, length, ByteBuffer.wrap(destination, destinationOffset, length));
    }

    private static void checkRange(BlockInfo info, long offset, int length) {
        if (offset < 0 || length < 0 || offset > info.length() - length) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "range [" + offset + ", " + (offset + length) + ") is outside " + info.id() + " of " + info.length()
                            + " bytes");
        }
    }

    /** Block {@code id} with its chunk sums; {@link ErrorCode#BLOCK_NOT_FOUND} when not stored. */
    BlockInfo stat(BlockId id) {
        OpenBlock block = acquire(id);
        try {
            return block.info;
        } finally {
            block.release();
        }
    }

    /**
     * Checks every chunk of block {@code id} against its sum, reading header and trailer afresh from disk
     * rather than trusting the cache. Returns the first bad chunk, or -1 when the block is sound; a
     * damaged header or trailer (the whole block is untrusted) is {@link ErrorCode#CORRUPT_BLOCK}.
     */
    int verify(BlockId id) {
        StoredBlock stored = find(id);
        OpenBlock block;
        try {
            block = OpenBlock.open(directory.finalizedFile(id), stored);
        } catch (NoSuchFileException e) {
            throw notFound(id);
        } catch (IOException e) {
            throw Failures.io("verifying " + id, e);
        }
        try {
            return block.firstBadChunk();
        } catch (IOException e) {
            throw Failures.io("verifying " + id, e);
        } finally {
            block.release();
        }
    }

    /**
     * Deletes finalized block {@code id}; false when it is not stored. Blocks being written are not
     * affected: their writer aborts them. Readers already reading the block finish their read.
     */
    boolean delete(BlockId id) {
        checkOpen();
        synchronized (stripe(id)) {
            StoredBlock removed = blocks.remove(id);
            if (removed == null) {
                return false;
            }
            openBlocks.evict(id);
            try {
                Files.deleteIfExists(directory.finalizedFile(id));
            } catch (IOException e) {
                throw Failures.io("deleting " + id, e);
            }
            space.release(BlockFile.fileLength(removed.length()));
            return true;
        }
    }

    /**
     * Moves finalized block {@code id} into {@code corrupt/} and forgets it: it is never served again.
     * False when it is not stored.
     */
    boolean quarantine(BlockId id) {
        checkOpen();
        synchronized (stripe(id)) {
            StoredBlock removed = blocks.remove(id);
            if (removed == null) {
                return false;
            }
            openBlocks.evict(id);
            try {
                directory.quarantine(directory.finalizedFile(id));
            } catch (IOException e) {
                throw Failures.io("quarantining " + id, e);
            } finally {
                space.release(BlockFile.fileLength(removed.length()));
            }
            return true;
        }
    }

    /** Every finalized block, ordered by id: the content of a block report. */
    List<StoredBlock> report() {
        List<StoredBlock> report = new ArrayList<>(blocks.values());
        report.sort((a, b) -> a.id().compareTo(b.id()));
        return report;
    }

    boolean contains(BlockId id) {
        return blocks.containsKey(id);
    }

    private StoredBlock find(BlockId id) {
        checkOpen();
        StoredBlock stored = blocks.get(id);
        if (stored == null) {
            throw notFound(id);
        }
        return stored;
    }

    /** The open block for {@code id}, which the caller must release. */
    private OpenBlock acquire(BlockId id) {
        StoredBlock stored = find(id);
        OpenBlock block;
        try {
            block = openBlocks.acquire(stored, directory.finalizedFile(id));
        } catch (NoSuchFileException e) {
            throw vanished(stored);
        } catch (IOException e) {
            throw Failures.io("opening " + id, e);
        }
        if (blocks.get(id) != stored) {
            // Deleted while being opened: serve this read, but keep no descriptor to a deleted file.
            openBlocks.evict(block);
        }
        return block;
    }

    /** The file of a block the store knows was removed behind its back: forget it, so reports stay true. */
    private TesseraException vanished(StoredBlock stored) {
        synchronized (stripe(stored.id())) {
            if (blocks.remove(stored.id(), stored)) {
                space.release(BlockFile.fileLength(stored.length()));
                return new TesseraException(
                        ErrorCode.BLOCK_NOT_FOUND, stored.id() + " is missing: its file disappeared from disk");
            }
        }
        return notFound(stored.id());
    }

    private static TesseraException notFound(BlockId id) {
        return new TesseraException(ErrorCode.BLOCK_NOT_FOUND, id + " is not stored on this node");
    }

    /** Moves a finished file into {@code finalized/} and makes it visible. Called by {@link BlockWriter}. */
    void publish(BlockInfo info, Path written) {
        checkOpen();
        BlockId id = info.id();
        Path target = directory.finalizedFile(id);
        synchronized (stripe(id)) {
            try {
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw Failures.write(id, e, space, 0);
            }
            try {
                directory.sync(directory.finalized);
            } catch (IOException e) {
                discard(target);
                throw Failures.write(id, e, space, 0);
            }
            blocks.put(id, info.stored());
        }
    }

    /** Forgets a writer that finished or aborted: its id may be created again. */
    void writerDone(BlockWriter writer) {
        writers.remove(writer);
        beingWritten.remove(writer.id());
    }

    /** Deletes a partial or rolled-back file. Leftovers in {@code writing/} are removed on the next open. */
    void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Open deletes whatever is left in writing/; the caller is already reporting a failure.
        }
    }

    OpenBlocks openBlocks() {
        return openBlocks;
    }

    Space space() {
        return space;
    }

    StorageDirectory directory() {
        return directory;
    }

    private Object stripe(BlockId id) {
        return stripes[Math.floorMod(id.hashCode(), stripes.length)];
    }

    private void checkOpen() {
        if (closed) {
            throw new TesseraException(ErrorCode.UNAVAILABLE, "the block store in " + directory.root + " is closed");
        }
    }

    /**
     * Aborts blocks still being written, closes open files and releases the directory lock. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BlockWriter writer : new ArrayList<>(writers)) {
            writer.abort();
        }
        openBlocks.close();
        directory.close();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was acknowledged through this channel.
            }
        }
    }

    /**
     * The configuration of a block store, filled in and then {@link #conclude() concluded} once by {@link
     * #open}. Defaults come from system properties, so a deployment can set them without code.
     */
    public static final class Context {
        /** The data directory; required. */
        public static final String DIR_PROP_NAME = "tessera.storage.dir";
        /** The most bytes the store may use, with a k/m/g/t suffix; unlimited by default. */
        public static final String CAPACITY_PROP_NAME = "tessera.storage.capacity";
        /** Whether finishing a block waits for the disk; true by default. */
        public static final String FSYNC_PROP_NAME = "tessera.storage.fsync";
        /** How many blocks are kept open for reading. */
        public static final String OPEN_BLOCKS_PROP_NAME = "tessera.storage.open.blocks";

        public static final long UNLIMITED = Long.MAX_VALUE;
        public static final int OPEN_BLOCKS_DEFAULT = 256;

        private boolean concluded;
        private Path dataDir = pathProperty(DIR_PROP_NAME);
        private long capacity = sizeProperty(CAPACITY_PROP_NAME, UNLIMITED);
        private boolean fsync = Boolean.parseBoolean(System.getProperty(FSYNC_PROP_NAME, "true"));
        private int openBlockCacheSize = Integer.getInteger(OPEN_BLOCKS_PROP_NAME, OPEN_BLOCKS_DEFAULT);

        private static Path pathProperty(String name) {
            String value = System.getProperty(name);
            return value == null ? null : Paths.get(value);
        }

        private static long sizeProperty(String name, long defaultValue) {
            String value = System.getProperty(name);
            return value == null ? defaultValue : Sizes.parse(value);
        }

        /** Validates the settings once; {@link BlockStore#open} calls it. */
        public Context conclude() {
            if (concluded) {
                throw new IllegalStateException("this Context has already been concluded (one Context per store)");
            }
            if (dataDir == null) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT, "no data directory: set it, or -D" + DIR_PROP_NAME + "=DIR");
            }
            if (capacity <= 0) {
                throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "capacity must be positive: " + capacity);
            }
            if (openBlockCacheSize < 1) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT, "at least one open block must be cached: " + openBlockCacheSize);
            }
            dataDir = dataDir.toAbsolutePath().normalize();
            concluded = true;
            return this;
        }

        public Path dataDir() {
            return dataDir;
        }

        public Context dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public long capacity() {
            return capacity;
        }

        /** The most bytes the store's files may take; {@link #UNLIMITED} leaves only the disk's own limit. */
        public Context capacity(long capacity) {
            this.capacity = capacity;
            return this;
        }

        public boolean fsync() {
            return fsync;
        }

        /**
         * Whether a block is forced to disk before {@link BlockWriter#finish()} returns. Turning it off
         * risks losing acknowledged blocks on power loss; it is meant for tests and benchmarks.
         */
        public Context fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        public int openBlockCacheSize() {
            return openBlockCacheSize;
        }

        /** How many blocks stay open for reading: file descriptors and chunk sums held. */
        public Context openBlockCacheSize(int openBlockCacheSize) {
            this.openBlockCacheSize = openBlockCacheSize;
            return this;
        }

        @Override
        public String toString() {
            return "BlockStore.Context{dataDir=" + dataDir + ", capacity="
                    + (capacity == UNLIMITED ? "unlimited" : Sizes.format(capacity)) + ", fsync=" + fsync
                    + ", openBlockCacheSize=" + openBlockCacheSize + "}";
        }
    }
}
