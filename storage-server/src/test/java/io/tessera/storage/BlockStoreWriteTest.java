package io.tessera.storage;

import static io.tessera.storage.Blocks.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreWriteTest {
    private static final BlockId ID = new BlockId(100, 4);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private long filesIn(String subdirectory) throws IOException {
        try (var files = Files.list(dir.resolve(subdirectory))) {
            return files.count();
        }
    }

    @Test
    void shouldRefuseToCreateABlockThatExistsOrIsBeingWritten() {
        try (BlockStore store = Blocks.open(dir)) {
            Blocks.write(store, ID, 1, new byte[10], new Random(1));
            BlockId other = new BlockId(100, 5);
            BlockWriter writer = store.create(other, 1);

            TesseraException finalized = assertFails(ErrorCode.ALREADY_EXISTS, () -> store.create(ID, 2));
            TesseraException writing = assertFails(ErrorCode.ALREADY_EXISTS, () -> store.create(other, 2));

            assertTrue(finalized.getMessage().contains(ID + " already exists"), finalized.getMessage());
            assertTrue(writing.getMessage().contains(other + " is already being written"), writing.getMessage());
            writer.abort();
            store.create(other, 2).abort();
        }
    }

    @Test
    void shouldRefuseAPieceAtTheWrongOffsetAndKeepWriting() {
        byte[] data = Blocks.random(2, 3000);
        try (BlockStore store = Blocks.open(dir);
                BlockWriter writer = store.create(ID, 1)) {
            writer.write(0, data, 0, 1000);

            TesseraException lost = assertFails(ErrorCode.INVALID_ARGUMENT, () -> writer.write(2000, data, 2000, 1000));
            assertFails(ErrorCode.INVALID_ARGUMENT, () -> writer.write(0, data, 0, 1000));

            assertTrue(lost.getMessage().contains("offset 2000, but 1000 bytes are written"), lost.getMessage());
            writer.write(1000, ByteBuffer.wrap(data, 1000, 2000));
            writer.finish();
            assertArrayEquals(data, Blocks.read(store, ID, 0, data.length));
        }
    }

    @Test
    void shouldDeleteThePartialFileOnAbort() throws IOException {
        try (BlockStore store = Blocks.open(dir)) {
            try (BlockWriter writer = store.create(ID, 1)) {
                writer.write(0, new byte[5000], 0, 5000);
                assertEquals(1, filesIn("writing"));
            }
            assertEquals(0, filesIn("writing"));
            assertEquals(0, store.usage().used());
            assertFails(ErrorCode.BLOCK_NOT_FOUND, () -> store.stat(ID));
        }
    }

    @Test
    void shouldRefuseAWriteBeyondTheCapacityAndLeaveNothingHalfWritten() throws IOException {
        long capacity = 1024 * 1024;
        byte[] data = Blocks.random(3, 2 * 1024 * 1024);
        try (BlockStore store =
                BlockStore.open(new BlockStore.Context().dataDir(dir).capacity(capacity))) {
            BlockWriter writer = store.create(ID, 1);

            TesseraException e = assertFails(
                    ErrorCode.NO_SPACE, () -> Blocks.writeInPieces(writer, data, data.length, new Random(4)));

            assertTrue(e.getMessage().contains("no space for " + ID), e.getMessage());
            assertTrue(e.getMessage().contains("aborted"), e.getMessage());
            assertTrue(writer.length() <= capacity, "nothing was written past the limit: " + writer.length());
            assertEquals(0, filesIn("writing"));
            assertEquals(0, filesIn("finalized"));
            assertEquals(0, store.usage().used());
            assertFails(ErrorCode.INVALID_ARGUMENT, () -> writer.write(writer.length(), new byte[1], 0, 1));

            byte[] fits = Blocks.slice(data, 0, (int) (capacity - BlockFile.fileLength(0) - 4 * 16));
            Blocks.write(store, ID, 2, fits, new Random(5));
            assertEquals(BlockFile.fileLength(fits.length), store.usage().used());
            assertTrue(store.usage().available() <= capacity - store.usage().used());
            assertFails(ErrorCode.NO_SPACE, () -> store.create(new BlockId(101, 0), 1));
        }
    }

    @Test
    void shouldTurnAFullDiskIntoNoSpace() throws IOException {
        try (BlockStore store = Blocks.open(dir)) {
            TesseraException e = Failures.write(ID, new IOException("No space left on device"), store.space(), 1);
            TesseraException other = Failures.write(ID, new IOException("Input/output error"), store.space(), 1);

            assertEquals(ErrorCode.NO_SPACE, e.code());
            assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
            assertEquals(ErrorCode.UNAVAILABLE, other.code());
            assertEquals(
                    ErrorCode.NO_SPACE,
                    Failures.write(ID, new IOException("?"), store.space(), Long.MAX_VALUE)
                            .code());
        }
    }

    @Test
    void shouldReportUsageOfTheVolume() {
        try (BlockStore store = Blocks.open(dir)) {
            Usage empty = store.usage();
            Blocks.write(store, ID, 1, new byte[100_000], new Random(6));
            Usage used = store.usage();

            assertEquals(0, empty.used());
            assertEquals(BlockFile.fileLength(100_000), used.used());
            assertTrue(used.capacity() > 0 && used.available() <= used.capacity() - used.used(), used.toString());
        }
    }

    @Test
    void shouldRefuseWritingAfterFinish() {
        try (BlockStore store = Blocks.open(dir)) {
            BlockWriter writer = store.create(ID, 1);
            writer.write(0, new byte[10], 0, 10);
            writer.finish();

            assertFails(ErrorCode.INVALID_ARGUMENT, () -> writer.write(10, new byte[1], 0, 1));
            assertFails(ErrorCode.INVALID_ARGUMENT, writer::finish);
            writer.abort();
            assertEquals(List.of(new StoredBlock(ID, 1, 10)), store.report());
        }
    }

    @Test
    void shouldValidateTheContextOnce() {
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> new BlockStore.Context().dataDir(null).conclude());
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> new BlockStore.Context().dataDir(dir).capacity(0).conclude());
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> new BlockStore.Context()
                .dataDir(dir)
                .openBlockCacheSize(0)
                .conclude());
        BlockStore.Context context = new BlockStore.Context().dataDir(dir).conclude();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, context::conclude);
    }
}
