package io.tessera.storage;

import static io.tessera.storage.Blocks.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.erasure.BlockChecksum;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreCorruptionTest {
    private static final int CHUNK = BlockChecksum.CHUNK_SIZE;
    private static final BlockId ID = new BlockId(42, 1);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private Path file(BlockId id) {
        return dir.resolve("finalized").resolve(id.toString());
    }

    @Test
    void shouldDetectAFlippedByteAndNameTheChunk() throws IOException {
        byte[] data = Blocks.random(1, 5 * CHUNK + 123);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, data, new Random(2));
            Blocks.read(store, ID, 0, data.length);

            Blocks.flipBit(file(ID), BlockFile.dataPosition(3L * CHUNK + 777));

            ByteBuffer destination = ByteBuffer.allocate(2 * CHUNK);
            TesseraException e =
                    assertFails(ErrorCode.CORRUPT_BLOCK, () -> store.read(ID, 2L * CHUNK + 500, CHUNK, destination));
            assertTrue(e.getMessage().contains(ID + " is corrupt: chunk 3 "), e.getMessage());
            assertEquals(0, destination.position(), "no unverified byte is handed out");
            assertFails(ErrorCode.CORRUPT_BLOCK, () -> Blocks.read(store, ID, 2L * CHUNK, CHUNK + 1));
            assertFails(ErrorCode.CORRUPT_BLOCK, () -> Blocks.read(store, ID, 4L * CHUNK - 1, 1));

            assertArrayEquals(Blocks.slice(data, 0, 3 * CHUNK), Blocks.read(store, ID, 0, 3 * CHUNK));
            assertArrayEquals(
                    Blocks.slice(data, 4L * CHUNK, CHUNK + 123), Blocks.read(store, ID, 4L * CHUNK, CHUNK + 123));
            assertEquals(3, store.verify(ID));
        }
    }

    @Test
    void shouldReadAChunkSplitInTwoAndRefuseBothHalvesWhenEitherIsCorrupt() throws IOException {
        byte[] data = Blocks.random(7, 2 * CHUNK + 99);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, data, new Random(8));
            ByteBuffer head = ByteBuffer.allocateDirect(CHUNK - 100);
            ByteBuffer tail = ByteBuffer.allocate(100);
            store.readChunk(ID, CHUNK, head, tail);
            assertArrayEquals(Blocks.slice(data, CHUNK, CHUNK - 100), bytes(head.flip()));
            assertArrayEquals(Blocks.slice(data, 2L * CHUNK - 100, 100), bytes(tail.flip()));

            ByteBuffer shortTail = ByteBuffer.allocate(10);
            store.readChunk(ID, 2L * CHUNK, ByteBuffer.allocate(89), shortTail);
            assertArrayEquals(Blocks.slice(data, 2L * CHUNK + 89, 10), bytes(shortTail.flip()));
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> store.readChunk(ID, CHUNK, ByteBuffer.allocate(CHUNK), ByteBuffer.allocate(1)));
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> store.readChunk(ID, 5, ByteBuffer.allocate(CHUNK), ByteBuffer.allocate(0)));

            Blocks.flipBit(file(ID), BlockFile.dataPosition(2L * CHUNK - 3));
            ByteBuffer badHead = ByteBuffer.allocate(CHUNK - 100);
            ByteBuffer badTail = ByteBuffer.allocate(100);
            assertFails(ErrorCode.CORRUPT_BLOCK, () -> store.readChunk(ID, CHUNK, badHead, badTail));
            assertEquals(0, badHead.position(), "no unverified byte is handed out");
            assertEquals(0, badTail.position(), "no unverified byte is handed out");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void shouldQuarantineATruncatedFinalizedFileOnOpen() throws IOException {
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, Blocks.random(3, 2 * CHUNK), new Random(4));
            Blocks.write(store, new BlockId(42, 2), 1, Blocks.random(5, 10), new Random(6));
        }
        Blocks.truncate(file(ID), 7);

        try (BlockStore store = Blocks.open(dir)) {
            assertEquals(
                    List.of(new BlockId(42, 2)),
                    store.report().stream().map(StoredBlock::id).toList());
            assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> Blocks.read(store, ID, 0, 1));
            Recovery.Quarantined quarantined = store.recovery().quarantined().get(0);
            assertEquals(ID.toString(), quarantined.file());
            assertTrue(quarantined.reason().contains("truncated"), quarantined.reason());
            assertTrue(Files.exists(dir.resolve("corrupt").resolve(ID.toString())));
            assertFalse(Files.exists(file(ID)));
            assertEquals(BlockFile.fileLength(10), store.usage().used());
        }
    }

    @Test
    void shouldQuarantineAFileWithADamagedHeaderOrAWrongName() throws IOException {
        BlockId renamed = new BlockId(43, 0);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, Blocks.random(7, 100), new Random(8));
            Blocks.write(store, renamed, 1, Blocks.random(9, 100), new Random(10));
        }
        Blocks.flipBit(file(ID), BlockFile.GENERATION_OFFSET);
        Files.move(file(renamed), file(new BlockId(44, 0)));
        Files.writeString(dir.resolve("finalized").resolve("notes.txt"), "not a block");

        try (BlockStore store = Blocks.open(dir)) {
            assertEquals(List.of(), store.report());
            List<String> reasons = store.recovery().quarantined().stream()
                    .map(Recovery.Quarantined::reason)
                    .sorted()
                    .toList();
            assertEquals(3, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("header checksum"), reasons.get(0));
            assertTrue(reasons.get(1).contains("the header names " + renamed), reasons.get(1));
            assertTrue(reasons.get(2).contains("not a block file name"), reasons.get(2));
        }
    }

    @Test
    void shouldQuarantineAFileThatLostBytesInTheMiddle() throws IOException {
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, Blocks.random(15, 3 * CHUNK), new Random(16));
        }
        byte[] file = Files.readAllBytes(file(ID));
        byte[] holed = new byte[file.length - CHUNK];
        System.arraycopy(file, 0, holed, 0, BlockFile.HEADER_LENGTH + CHUNK);
        System.arraycopy(
                file,
                BlockFile.HEADER_LENGTH + 2 * CHUNK,
                holed,
                BlockFile.HEADER_LENGTH + CHUNK,
                holed.length - BlockFile.HEADER_LENGTH - CHUNK);
        Files.write(file(ID), holed);

        try (BlockStore store = Blocks.open(dir)) {
            assertEquals(List.of(), store.report());
            String reason = store.recovery().quarantined().get(0).reason();
            assertTrue(reason.contains("does not fit a " + holed.length + "-byte file"), reason);
        }
    }

    @Test
    void shouldRefuseToOpenBlocksOfANewerFormatRatherThanSetThemAside() throws IOException {
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, Blocks.random(17, 100), new Random(18));
        }
        byte[] file = Files.readAllBytes(file(ID));
        ByteBuffer header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(BlockFile.VERSION_OFFSET, 2);
        header.putInt(BlockFile.HEADER_CRC_OFFSET, BlockChecksum.of(file, 0, BlockFile.HEADER_CRC_OFFSET));
        Files.write(file(ID), file);

        TesseraException e = assertFails(ErrorCode.INVALID_ARGUMENT, () -> Blocks.open(dir));

        assertTrue(e.getMessage().contains("format version 2, written by a newer Tessera"), e.getMessage());
        assertTrue(Files.exists(file(ID)));
        header.putInt(BlockFile.VERSION_OFFSET, 1);
        Files.write(file(ID), file);
        try (BlockStore store = Blocks.open(dir)) {
            assertEquals(List.of(), store.report(), "a version 1 header with a version 2 checksum is corrupt");
            assertTrue(store.recovery().quarantined().get(0).reason().contains("header checksum"));
        }
    }

    @Test
    void shouldQuarantineWithoutOverwritingAnEarlierCorruptCopy() throws IOException {
        for (int round = 0; round < 2; round++) {
            try (BlockStore store = Blocks.open(dir)) {
                Blocks.write(store, ID, round, Blocks.random(round, 100), new Random(round));
            }
            Blocks.truncate(file(ID), 1);
            Blocks.open(dir).close();
        }
        assertTrue(Files.exists(dir.resolve("corrupt").resolve(ID.toString())));
        assertTrue(Files.exists(dir.resolve("corrupt").resolve(ID + ".1")));
    }

    @Test
    void shouldLetTheScrubberFindATrailerDamagedAfterOpen() throws IOException {
        byte[] data = Blocks.random(11, CHUNK + 5);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, data, new Random(12));
            Blocks.read(store, ID, 0, 1);

            Blocks.flipBit(file(ID), BlockFile.dataPosition(data.length) + 2);

            TesseraException e = assertFails(ErrorCode.CORRUPT_BLOCK, () -> store.verify(ID));
            assertTrue(e.getMessage().contains("trailer checksum"), e.getMessage());
        }
    }

    @Test
    void shouldDetectAFileTruncatedUnderAnOpenReader() throws IOException {
        byte[] data = Blocks.random(13, 3 * CHUNK);
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, data, new Random(14));
            Blocks.read(store, ID, 0, 1);

            Blocks.truncate(file(ID), CHUNK + 4 * 3 + BlockFile.FOOTER_LENGTH + 10);

            TesseraException e = assertFails(ErrorCode.CORRUPT_BLOCK, () -> Blocks.read(store, ID, 2L * CHUNK, CHUNK));
            assertTrue(e.getMessage().contains("chunk 2 "), e.getMessage());
            assertArrayEquals(Blocks.slice(data, 0, CHUNK), Blocks.read(store, ID, 0, CHUNK));
        }
    }
}
