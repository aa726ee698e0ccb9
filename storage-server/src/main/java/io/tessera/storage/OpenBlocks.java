package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded, least-recently-used set of {@link OpenBlock}s, so that the many range reads of one block
 * (a Parquet reader asks for footer, then column chunks) open the file and parse its trailer once. The
 * bound caps the file descriptors and chunk sums held.
 *
 * <p>An entry is valid only for the {@link StoredBlock} instance it was opened for: after a block is
 * deleted and written again, the store's map holds a new instance, so a stale entry is never served. The
 * cache holds one reference to each entry; eviction drops it and readers still using the entry keep the
 * channel open until they release theirs.
 */
final class OpenBlocks implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<BlockId, OpenBlock> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    OpenBlocks(int capacity) {
        this.capacity = capacity;
    }

    /** The open block for {@code stored}, opening {@code file} on a miss; the caller must release it. */
    OpenBlock acquire(StoredBlock stored, Path file) throws IOException {
        OpenBlock cached = lookup(stored);
        if (cached != null) {
            return cached;
        }
        OpenBlock opened = OpenBlock.open(file, stored);
        synchronized (this) {
            OpenBlock raced = closed ? null : lookup(stored);
            if (closed || raced != null) {
                opened.release();
                return checkOpen(raced);
            }
            entries.put(stored.id(), opened);
            opened.retain();
            trimToCapacity();
            return opened;
        }
    }

    private synchronized OpenBlock lookup(StoredBlock stored) {
        checkOpen(null);
        OpenBlock cached = entries.get(stored.id());
        if (cached == null) {
            return null;
        }
        if (cached.stored != stored) {
            entries.remove(stored.id());
            cached.release();
            return null;
        }
        cached.retain();
        return cached;
    }

    private OpenBlock checkOpen(OpenBlock block) {
        if (closed) {
            throw new TesseraException(ErrorCode.UNAVAILABLE, "the block store is closed");
        }
        return block;
    }

    private void trimToCapacity() {
        Iterator<OpenBlock> eldestFirst = entries.values().iterator();
        while (entries.size() > capacity) {
            OpenBlock eldest = eldestFirst.next();
            eldestFirst.remove();
            eldest.release();
        }
    }

    /** Drops the entry for {@code id}, if any. */
    synchronized void evict(BlockId id) {
        OpenBlock cached = entries.remove(id);
        if (cached != null) {
            cached.release();
        }
    }

    /** Drops {@code block} if it is still the entry for its id: a channel that went bad must be reopened. */
    synchronized void evict(OpenBlock block) {
        if (entries.remove(block.stored.id(), block)) {
            block.release();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Drops every entry; channels close as their last readers release them. Idempotent. */
    @Override
    public void close() {
        List<OpenBlock> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(entries.values());
            entries.clear();
        }
        dropped.forEach(OpenBlock::release);
    }

    /** For tests: the entries by id. */
    synchronized Map<BlockId, OpenBlock> snapshot() {
        return Map.copyOf(entries);
    }
}
