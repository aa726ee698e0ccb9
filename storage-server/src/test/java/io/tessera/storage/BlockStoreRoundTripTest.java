package io.tessera.storage;

import static io.tessera.storage.Blocks.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.erasure.BlockChecksum;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockStoreRoundTripTest {
    private static final int CHUNK = BlockChecksum.CHUNK_SIZE;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private BlockStore store;

    @BeforeEach
    void open() {
        store = Blocks.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * 1024 * 1024 + 7})
    void shouldReadBackWhatWasWrittenInRandomPieces(int length) {
        BlockId id = new BlockId(7, 3);
        byte[] data = Blocks.random(length, length);

        BlockInfo written = Blocks.write(store, id, 11, data, new Random(length));

        assertEquals(new BlockInfo(id, 11, length, BlockChecksum.compute(data, 0, length)), written);
        assertEquals(written, store.stat(id));
        assertArrayEquals(data, Blocks.read(store, id, 0, length));
        assertEquals(List.of(new StoredBlock(id, 11, length)), store.report());
        assertEquals(-1, store.verify(id));
        assertEquals(BlockFile.fileLength(length), store.usage().used());
    }

    @Test
    void shouldReadRangesAtOddOffsetsAcrossChunkBoundaries() {
        BlockId id = new BlockId(1, 0);
        byte[] data = Blocks.random(1, 3 * 1024 * 1024 + 17);
        Blocks.write(store, id, 1, data, new Random(2));
        Random random = new Random(3);

        for (int i = 0; i < 300; i++) {
            long offset = random.nextInt(data.length + 1);
            int length = random.nextInt((int) Math.min(3 * CHUNK, data.length - offset) + 1);
            assertArrayEquals(
                    Blocks.slice(data, offset, length), Blocks.read(store, id, offset, length), offset + "+" + length);
        }
        assertArrayEquals(Blocks.slice(data, CHUNK - 1, 2), Blocks.read(store, id, CHUNK - 1, 2));
        assertArrayEquals(Blocks.slice(data, data.length - 1, 1), Blocks.read(store, id, data.length - 1, 1));
        assertArrayEquals(new byte[0], Blocks.read(store, id, data.length, 0));
    }

    @Test
    void shouldReadIntoADirectBufferAtItsPosition() {
        BlockId id = new BlockId(1, 1);
        byte[] data = Blocks.random(4, 2 * CHUNK + 100);
        Blocks.write(store, id, 1, data, new Random(5));
        ByteBuffer destination = ByteBuffer.allocateDirect(CHUNK * 2 + 50).position(10);

        store.read(id, 33, CHUNK * 2, destination);

        assertEquals(10 + CHUNK * 2, destination.position());
        byte[] got = new byte[CHUNK * 2];
        destination.flip().position(10);
        destination.get(got);
        assertArrayEquals(Blocks.slice(data, 33, CHUNK * 2), got);
    }

    @Test
    void shouldRefuseRangesOutsideTheBlock() {
        BlockId id = new BlockId(2, 0);
        Blocks.write(store, id, 1, Blocks.random(6, 1000), new Random(7));

        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Blocks.read(store, id, 999, 2));
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Blocks.read(store, id, 1001, 0));
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> store.read(id, -1, 1, ByteBuffer.allocate(1)));
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> store.read(id, 0, 10, ByteBuffer.allocate(9)));
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> store.read(id, Long.MAX_VALUE - 5, 10, ByteBuffer.allocate(10)));
    }

    @Test
    void shouldNotFindABlockThatIsNotStored() {
        BlockId id = new BlockId(3, 0);

        assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> Blocks.read(store, id, 0, 1));
        assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> store.stat(id));
        assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> store.verify(id));
        assertFalse(store.delete(id));
    }

    @Test
    void shouldHideABlockUntilItIsFinished() {
        BlockId id = new BlockId(4, 2);
        byte[] data = Blocks.random(8, 100_000);
        try (BlockWriter writer = store.create(id, 1)) {
            writer.write(0, data, 0, data.length);

            assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> store.stat(id));
            assertEquals(List.of(), store.report());

            writer.finish();
        }
        assertArrayEquals(data, Blocks.read(store, id, 0, data.length));
    }

    @Test
    void shouldDeleteABlockAndReleaseItsSpace() {
        BlockId id = new BlockId(5, 0);
        Blocks.write(store, id, 1, Blocks.random(9, 300_000), new Random(10));
        Blocks.read(store, id, 0, 10);

        assertTrue(store.openBlocks().snapshot().containsKey(id));

        assertTrue(store.delete(id));

        assertFalse(store.openBlocks().snapshot().containsKey(id), "no descriptor keeps the deleted file's space");
        assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> Blocks.read(store, id, 0, 10));
        assertFalse(Files.exists(dir.resolve("finalized").resolve(id.toString())));
        assertEquals(0, store.usage().used());
        assertFalse(store.delete(id));
    }

    @Test
    void shouldServeTheNewContentOfABlockWrittenAgainAfterDelete() {
        BlockId id = new BlockId(6, 1);
        byte[] first = Blocks.random(11, 200_000);
        byte[] second = Blocks.random(12, 200_000);
        Blocks.write(store, id, 1, first, new Random(13));
        assertArrayEquals(first, Blocks.read(store, id, 0, first.length));

        store.delete(id);
        Blocks.write(store, id, 2, second, new Random(14));

        assertArrayEquals(second, Blocks.read(store, id, 0, second.length));
        assertEquals(2, store.stat(id).generation());
    }

    @Test
    void shouldComputeTheSameChunkSumsWhateverThePieces() {
        byte[] data = Blocks.random(15, 4 * CHUNK + 999);
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            ChunkSums sums = new ChunkSums();
            for (int offset = 0; offset < data.length; ) {
                int piece = Math.min(data.length - offset, 1 + random.nextInt(2 * CHUNK));
                sums.update(ByteBuffer.wrap(data, offset, piece));
                offset += piece;
            }
            assertArrayEquals(BlockChecksum.compute(data, 0, data.length), sums.finish());
        }
    }
}
