package io.tessera.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.erasure.BlockChecksum;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreConcurrencyTest {
    private static final long DEADLINE_SECONDS = 60;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final ExecutorService threads = Executors.newFixedThreadPool(6);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS), "test threads did not stop");
    }

    /** Runs every task on its own thread and fails if any fails or all do not end before the deadline. */
    private void runAll(List<Callable<Void>> tasks) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> task : tasks) {
            futures.add(threads.submit(task));
        }
        for (Future<Void> future : futures) {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Test
    void shouldServeConcurrentReadersAndWritersOfDifferentBlocks() throws Exception {
        int writersCount = 3;
        int blocksEach = 8;
        Map<BlockId, byte[]> written = new ConcurrentHashMap<>();
        try (BlockStore store = BlockStore.open(
                new BlockStore.Context().dataDir(dir).fsync(false).openBlockCacheSize(3))) {
            AtomicInteger writersDone = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < writersCount; w++) {
                int writer = w;
                tasks.add(() -> {
                    Random random = new Random(writer);
                    for (int b = 0; b < blocksEach; b++) {
                        BlockId id = new BlockId(writer, b);
                        byte[] data = Blocks.random(writer * 100 + b, random.nextInt(3 * BlockChecksum.CHUNK_SIZE));
                        Blocks.write(store, id, 1, data, random);
                        written.put(id, data);
                    }
                    writersDone.incrementAndGet();
                    return null;
                });
            }
            for (int r = 0; r < 3; r++) {
                int reader = r;
                tasks.add(() -> {
                    Random random = new Random(100 + reader);
                    while (writersDone.get() < writersCount || reads.get() < 500) {
                        readSomeRange(store, written, random);
                        reads.incrementAndGet();
                    }
                    return null;
                });
            }

            runAll(tasks);

            assertEquals(writersCount * blocksEach, store.report().size());
            for (Map.Entry<BlockId, byte[]> block : written.entrySet()) {
                assertEquals(-1, store.verify(block.getKey()));
            }
        }
    }

    private static void readSomeRange(BlockStore store, Map<BlockId, byte[]> written, Random random) {
        List<BlockId> ids = new ArrayList<>(written.keySet());
        if (ids.isEmpty()) {
            return;
        }
        BlockId id = ids.get(random.nextInt(ids.size()));
        byte[] data = written.get(id);
        int offset = random.nextInt(data.length + 1);
        int length = random.nextInt(data.length - offset + 1);
        assertArrayEquals(
                Blocks.slice(data, offset, length), Blocks.read(store, id, offset, length), id + " " + offset);
    }

    @Test
    void shouldNeverServeMixedOrStaleBytesWhileABlockIsDeletedAndWrittenAgain() throws Exception {
        BlockId id = new BlockId(77, 0);
        int length = 4 * BlockChecksum.CHUNK_SIZE;
        int generations = 200;
        AtomicBoolean writing = new AtomicBoolean(true);
        try (BlockStore store = BlockStore.open(
                new BlockStore.Context().dataDir(dir).fsync(false).openBlockCacheSize(2))) {
            Blocks.write(store, id, 0, filled(0, length), new Random(0));
            List<Callable<Void>> tasks = new ArrayList<>();
            tasks.add(() -> {
                try {
                    for (int generation = 1; generation <= generations; generation++) {
                        assertTrue(store.delete(id));
                        Blocks.write(store, id, generation, filled(generation, length), new Random(generation));
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            AtomicInteger served = new AtomicInteger();
            for (int r = 0; r < 4; r++) {
                int reader = r;
                tasks.add(() -> {
                    Random random = new Random(reader);
                    while (writing.get()) {
                        if (readOneGeneration(store, id, length, random)) {
                            served.incrementAndGet();
                        }
                    }
                    return null;
                });
            }

            runAll(tasks);

            assertTrue(served.get() > 0, "some reads overlapped the rewrites");
            List<StoredBlock> current = store.report();
            for (OpenBlock cached : store.openBlocks().snapshot().values()) {
                assertSame(current.get(0), cached.stored, "only the current block stays open");
            }
            assertArrayEquals(filled(generations, length), Blocks.read(store, id, 0, length));
        }
    }

    /** A read either finds no block, or returns bytes of one single generation. */
    private static boolean readOneGeneration(BlockStore store, BlockId id, int length, Random random) {
        int offset = random.nextInt(length);
        int count = 1 + random.nextInt(length - offset);
        byte[] got = new byte[count];
        try {
            store.read(id, offset, got, 0, count);
        } catch (TesseraException e) {
            assertEquals(ErrorCode.BLOCK_NOT_FOUND, e.code(), e.getMessage());
            return false;
        }
        for (byte b : got) {
            assertEquals(got[0], b, "bytes of two generations in one read");
        }
        return true;
    }

    private static byte[] filled(int generation, int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) generation);
        return bytes;
    }

    @Test
    void shouldKeepServingOthersWhenAReaderIsInterrupted() {
        BlockId id = new BlockId(5, 5);
        byte[] data = Blocks.random(5, 200_000);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, id, 1, data, new Random(6));
            Blocks.read(store, id, 0, 1);

            Thread.currentThread().interrupt();
            TesseraException e = Blocks.assertFails(ErrorCode.UNAVAILABLE, () -> Blocks.read(store, id, 0, 100));
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");

            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertArrayEquals(data, Blocks.read(store, id, 0, data.length));
        }
    }

    @Test
    void shouldReopenAChannelClosedByAnotherReadersInterrupt() throws Exception {
        BlockId id = new BlockId(5, 6);
        byte[] data = Blocks.random(7, 100_000);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, id, 1, data, new Random(8));
            Blocks.read(store, id, 0, 1);
            OpenBlock shared = store.openBlocks().snapshot().get(id);

            Thread.currentThread().interrupt();
            Blocks.assertFails(ErrorCode.UNAVAILABLE, () -> readDirectly(shared, id));
            assertTrue(Thread.interrupted());

            assertArrayEquals(data, Blocks.read(store, id, 0, data.length));
        }
    }

    /** A read that bypasses the store, as a reader that had the block before the interrupt would. */
    private static void readDirectly(OpenBlock block, BlockId id) {
        try {
            block.read(0, 10, ByteBuffer.allocate(10));
        } catch (java.io.IOException e) {
            throw new TesseraException(ErrorCode.UNAVAILABLE, "reading " + id, e);
        }
    }

    @Test
    void shouldNotServeACachedEntryOfABlockThatWasWrittenAgain() throws Exception {
        BlockId id = new BlockId(3, 0);
        try (BlockStore store = Blocks.open(dir);
                OpenBlocks cache = new OpenBlocks(4)) {
            Path file = store.directory().finalizedFile(id);
            BlockInfo first = Blocks.write(store, id, 1, Blocks.random(1, 100), new Random(1));
            cache.acquire(first.stored(), file).release();

            store.delete(id);
            BlockInfo second = Blocks.write(store, id, 2, Blocks.random(2, 100), new Random(2));
            OpenBlock acquired = cache.acquire(second.stored(), file);

            assertEquals(second, acquired.info);
            acquired.release();
        }
    }

    @Test
    void shouldCloseEvictedChannelsOnlyAfterTheirLastReader() throws Exception {
        try (BlockStore store =
                BlockStore.open(new BlockStore.Context().dataDir(dir).openBlockCacheSize(1))) {
            BlockId a = new BlockId(1, 0);
            BlockId b = new BlockId(2, 0);
            byte[] data = Blocks.random(1, 100);
            Blocks.write(store, a, 1, data, new Random(1));
            Blocks.write(store, b, 1, data, new Random(2));
            OpenBlocks cache = new OpenBlocks(1);
            OpenBlock held =
                    cache.acquire(new StoredBlock(a, 1, 100), store.directory().finalizedFile(a));

            cache.acquire(new StoredBlock(b, 1, 100), store.directory().finalizedFile(b))
                    .release();

            assertFalse(cache.snapshot().containsKey(a), "a was evicted");
            ByteBuffer destination = ByteBuffer.allocate(100);
            held.read(0, 100, destination);
            assertArrayEquals(data, destination.array());
            held.release();
            cache.close();
        }
    }
}
