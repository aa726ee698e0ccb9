package io.tessera.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/** Test fixtures: block contents, writing them in uneven pieces, and damaging files on disk. */
final class Blocks {
    private Blocks() {}

    static BlockStore open(Path dir) {
        return BlockStore.open(new BlockStore.Context().dataDir(dir));
    }

    static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Writes {@code data} as block {@code id} in random-sized pieces that ignore chunk boundaries,
     * alternating heap buffers, direct buffers and arrays, then finishes it.
     */
    static BlockInfo write(BlockStore store, BlockId id, long generation, byte[] data, Random random) {
        try (BlockWriter writer = store.create(id, generation)) {
            writeInPieces(writer, data, data.length, random);
            return writer.finish();
        }
    }

    static void writeInPieces(BlockWriter writer, byte[] data, int upTo, Random random) {
        int offset = (int) writer.length();
        while (offset < upTo) {
            int piece = Math.min(upTo - offset, 1 + random.nextInt(random.nextBoolean() ? 300 : 200_000));
            switch (random.nextInt(3)) {
                case 0 -> writer.write(offset, ByteBuffer.wrap(data, offset, piece));
                case 1 -> writer.write(
                        offset,
                        ByteBuffer.allocateDirect(piece)
                                .put(data, offset, piece)
                                .flip());
                default -> writer.write(offset, data, offset, piece);
            }
            offset += piece;
        }
    }

    static byte[] read(BlockStore store, BlockId id, long offset, int length) {
        byte[] bytes = new byte[length];
        store.read(id, offset, bytes, 0, length);
        return bytes;
    }

    static byte[] slice(byte[] data, long offset, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(data, (int) offset, slice, 0, length);
        return slice;
    }

    static TesseraException assertFails(ErrorCode code, Executable executable) {
        TesseraException e = assertThrows(TesseraException.class, executable);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    /** Flips one bit of the byte at {@code position} of {@code file}, as a bad disk would. */
    static void flipBit(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x20)).rewind();
            channel.write(one, position);
        }
    }

    static void truncate(Path file, long bytesToCut) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytesToCut);
        }
    }
}
