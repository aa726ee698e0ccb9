package io.tessera.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.BlockId;
import io.tessera.erasure.BlockChecksum;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Pins the on-disk format: these bytes are what every stored block looks like, so they must not drift. */
class BlockFileTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldLayOutHeaderDataAndTrailerAsDocumented() throws IOException {
        BlockId id = new BlockId(0x0102030405L, 9);
        byte[] data = Blocks.random(1, BlockChecksum.CHUNK_SIZE + 3);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, id, 77, data, new Random(2));
        }
        ByteBuffer file = ByteBuffer.wrap(
                        Files.readAllBytes(dir.resolve("finalized").resolve("blk_4328719365_9")))
                .order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(4096 + data.length + 2 * 4 + 24, file.capacity());
        assertEquals("TSRBLOCK", ascii(file, 0, 8));
        assertEquals(1, file.getInt(8));
        assertEquals(0, file.getInt(12));
        assertEquals(0x0102030405L, file.getLong(16));
        assertEquals(9, file.getInt(24));
        assertEquals(77, file.getLong(32));
        assertEquals(4096, file.getInt(40));
        assertEquals(65536, file.getInt(44));
        assertEquals(BlockChecksum.of(file.array(), 0, 48), file.getInt(48));
        assertArrayEquals(data, Blocks.slice(file.array(), 4096, data.length));

        int trailer = 4096 + data.length;
        int[] sums = BlockChecksum.compute(data, 0, data.length);
        assertEquals(sums[0], file.getInt(trailer));
        assertEquals(sums[1], file.getInt(trailer + 4));
        assertEquals(data.length, file.getLong(trailer + 8));
        assertEquals(2, file.getInt(trailer + 16));
        assertEquals(BlockChecksum.of(file.array(), trailer, 20), file.getInt(trailer + 20));
        assertEquals("TSRBTAIL", ascii(file, trailer + 24, 8));
    }

    @Test
    void shouldSizeFilesOfEmptyAndChunkAlignedBlocks() {
        assertEquals(4096 + 24, BlockFile.fileLength(0));
        assertEquals(4096 + 65536 + 4 + 24, BlockFile.fileLength(65536));
        assertEquals(4096 + 65537 + 8 + 24, BlockFile.fileLength(65537));
    }

    private static String ascii(ByteBuffer buffer, int offset, int length) {
        return new String(buffer.array(), offset, length, StandardCharsets.US_ASCII);
    }
}
