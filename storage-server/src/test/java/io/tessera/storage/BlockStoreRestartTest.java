package io.tessera.storage;

import static io.tessera.storage.Blocks.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreRestartTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldFindFinishedBlocksAndDiscardPartialOnesAfterARestart() throws IOException {
        byte[] first = Blocks.random(1, 200_000);
        byte[] second = Blocks.random(2, 70_000);
        Path partialCopy = dir.resolveSibling(dir.getFileName() + "-partial");
        BlockInfo finished;
        try (BlockStore store = Blocks.open(dir)) {
            finished = Blocks.write(store, new BlockId(1, 0), 5, first, new Random(3));
            Blocks.write(store, new BlockId(1, 1), 5, second, new Random(4));
            BlockWriter partial = store.create(new BlockId(1, 2), 5);
            partial.write(0, first, 0, 100_000);
            // What a crash would leave behind: close() would abort the writer and delete its file.
            Files.copy(dir.resolve("writing").resolve("blk_1_2"), partialCopy);
        }
        Files.move(partialCopy, dir.resolve("writing").resolve("blk_1_2"), StandardCopyOption.REPLACE_EXISTING);

        try (BlockStore store = Blocks.open(dir)) {
            assertEquals(
                    List.of(
                            new StoredBlock(new BlockId(1, 0), 5, first.length),
                            new StoredBlock(new BlockId(1, 1), 5, second.length)),
                    store.report());
            assertArrayEquals(first, Blocks.read(store, new BlockId(1, 0), 0, first.length));
            assertEquals(finished, store.stat(new BlockId(1, 0)));
            assertArrayEquals(second, Blocks.read(store, new BlockId(1, 1), 0, second.length));
            assertEquals(List.of("blk_1_2"), store.recovery().discardedPartials());
            assertEquals(List.of(), store.recovery().quarantined());
            assertEquals(0, Files.list(dir.resolve("writing")).count());
            assertEquals(
                    BlockFile.fileLength(first.length) + BlockFile.fileLength(second.length),
                    store.usage().used());
            Blocks.write(store, new BlockId(1, 2), 6, second, new Random(5));
        }
    }

    @Test
    void shouldKeepTheStorageIdAcrossRestarts(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path otherDir) {
        String id;
        try (BlockStore store = Blocks.open(dir)) {
            id = store.storageId().toString();
        }
        try (BlockStore store = Blocks.open(dir);
                BlockStore other = Blocks.open(otherDir)) {
            assertEquals(id, store.storageId().toString());
            assertNotEquals(id, other.storageId().toString());
        }
    }

    @Test
    void shouldRefuseAStorageIdFileThatIsNotAUuid() throws IOException {
        Blocks.open(dir).close();
        Files.writeString(dir.resolve("storage-id"), "garbage");

        TesseraException e = assertFails(ErrorCode.INVALID_ARGUMENT, () -> Blocks.open(dir));
        assertTrue(e.getMessage().contains("garbage"), e.getMessage());
    }

    @Test
    void shouldRefuseASecondOpenOfALockedDirectoryInTheSameProcess() {
        try (BlockStore store = Blocks.open(dir)) {
            TesseraException e = assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> Blocks.open(store.context().dataDir()));
            assertTrue(e.getMessage().contains("in use by another storage server"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        }
        Blocks.open(dir).close();
    }

    @Test
    void shouldRefuseToOpenADirectoryAnotherProcessHolds() throws Exception {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertTrue(line.startsWith("OPEN "), line);

            TesseraException e = assertFails(ErrorCode.INVALID_ARGUMENT, () -> Blocks.open(dir));
            assertTrue(e.getMessage().contains("process " + holder.pid()), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(60, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        Blocks.open(dir).close();
    }

    private static String readLine(BufferedReader reader) {
        try {
            return String.valueOf(reader.readLine());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldAbortBlocksBeingWrittenWhenClosed() {
        BlockStore store = Blocks.open(dir);
        BlockWriter writer = store.create(new BlockId(9, 0), 1);
        writer.write(0, new byte[1000], 0, 1000);

        store.close();
        store.close();

        assertFails(ErrorCode.INVALID_ARGUMENT, () -> writer.write(1000, new byte[1], 0, 1));
        assertFails(ErrorCode.UNAVAILABLE, () -> store.stat(new BlockId(9, 0)));
        try (BlockStore reopened = Blocks.open(dir)) {
            assertEquals(List.of(), reopened.recovery().discardedPartials());
            assertEquals(List.of(), reopened.report());
        }
    }
}
