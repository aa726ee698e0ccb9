package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockChecksumTest {
    @Test
    void shouldComputeTheStandardCrc32c() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, BlockChecksum.of(check, 0, check.length));
        assertArrayEquals(new int[] {0xE3069283}, BlockChecksum.compute(check, 0, check.length));
    }

    @Test
    void shouldCutBlocksInto64KibChunks() {
        assertEquals(0, BlockChecksum.chunkCount(0));
        assertEquals(1, BlockChecksum.chunkCount(1));
        assertEquals(1, BlockChecksum.chunkCount(65_536));
        assertEquals(2, BlockChecksum.chunkCount(65_537));
        assertEquals(2048, BlockChecksum.chunkCount(128L * 1024 * 1024));
        assertThrows(IllegalArgumentException.class, () -> BlockChecksum.chunkCount(-1));
    }

    @Test
    void shouldFindTheChunkWithAFlippedByte() {
        Random random = new Random(42);
        byte[] block = new byte[5 * BlockChecksum.CHUNK_SIZE + 123];
        random.nextBytes(block);
        int[] sums = BlockChecksum.compute(block, 0, block.length);
        assertEquals(6, sums.length);
        assertEquals(BlockChecksum.of(block, 5 * BlockChecksum.CHUNK_SIZE, 123), sums[5]);
        assertEquals(-1, BlockChecksum.firstMismatch(block, 0, block.length, sums));

        block[3 * BlockChecksum.CHUNK_SIZE + 777] ^= 0x10;
        assertEquals(3, BlockChecksum.firstMismatch(block, 0, block.length, sums));
        assertThrows(IllegalArgumentException.class, () -> BlockChecksum.firstMismatch(block, 0, 100, sums));
    }

    @Test
    void shouldGiveTheSameSumsForBuffersWithoutMovingThem() {
        Random random = new Random(7);
        byte[] block = new byte[3 * BlockChecksum.CHUNK_SIZE + 5];
        random.nextBytes(block);
        ByteBuffer direct = ByteBuffer.allocateDirect(block.length + 10).position(10);
        direct.put(block).position(10);
        assertArrayEquals(BlockChecksum.compute(block, 0, block.length), BlockChecksum.compute(direct));
        assertEquals(10, direct.position());
        assertEquals(block.length + 10, direct.limit());
    }
}
