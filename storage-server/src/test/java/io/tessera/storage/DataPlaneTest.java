package io.tessera.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.tessera.client.AeronChannels;
import io.tessera.client.BlockUpload;
import io.tessera.client.CompressionMode;
import io.tessera.client.DataPlaneClient;
import io.tessera.client.StorageEndpoint;
import io.tessera.client.TesseraMediaDriver;
import io.tessera.client.WriteResult;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real storage server and a real client, each with a real media driver, talking over loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataPlaneTest {
    private static final long SEED = Long.getLong("tessera.test.seed", System.nanoTime());

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Random random = new Random(SEED);

    @AfterEach
    void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            CloseHelper.quietClose(resources.get(i));
        }
    }

    @Test
    void shouldWriteAndReadBackABlockOverUdp() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null);
        assertRoundTrip(client, server.endpoint(), new BlockId(1, 0), 5 * 1024 * 1024 + 17);
    }

    @Test
    void shouldWriteAndReadBackABlockOverIpcWhenSharingTheDriver() throws Exception {
        MediaDriver driver = track(TesseraMediaDriver.launch("/dev/shm/tessera-test-" + UUID.randomUUID()));
        String directory = driver.aeronDirectoryName();
        StorageServer server = server(directory);
        DataPlaneClient client = client(directory);
        assertEquals(directory, server.endpoint().aeronDirectory());
        assertRoundTrip(client, server.endpoint(), new BlockId(2, 3), 3 * 1024 * 1024 + 5);

        String ipcRequests = "aeron:ipc";
        String stream = " " + AeronChannels.ipcRequestStreamId(server.endpoint().dataPort()) + " ";
        List<String> labels = new ArrayList<>();
        try (Aeron observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory))) {
            observer.countersReader().forEach((id, type, key, label) -> labels.add(label));
        }
        assertTrue(
                labels.stream().anyMatch(l -> l.startsWith("pub-pos") && l.contains(stream) && l.contains(ipcRequests)),
                "the client should publish its requests over IPC: " + labels);
    }

    @Test
    void shouldCompressTextOnTheWireAndStillStoreAndReturnTheExactBytes() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null, context -> context.compressionMode(CompressionMode.ALWAYS_SAMPLE));
        StringBuilder csv = new StringBuilder();
        for (int row = 0; csv.length() < 4 * 1024 * 1024; row++) {
            csv.append(row)
                    .append(",customer-")
                    .append(row % 977)
                    .append(",2026-11-")
                    .append(1 + row % 28)
                    .append(",")
                    .append((row * 7919) % 100_000 / 100.0)
                    .append('\n');
        }
        byte[] text = csv.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        BlockId block = new BlockId(30, 0);
        BlockUpload upload = client.upload(server.endpoint(), block, 1);
        upload.write(ByteBuffer.wrap(text));
        assertEquals(text.length, get(upload.finish()).length());
        long sent = publicationPosition(
                client.aeronDirectoryName(), server.endpoint().dataPort());
        assertTrue(
                sent < text.length / 2, "text should cross the wire compressed: " + sent + " bytes for " + text.length);

        ByteBuffer back = ByteBuffer.allocateDirect(text.length);
        assertEquals(text.length, get(client.read(server.endpoint(), block, 0, back)));
        byte[] read = new byte[text.length];
        back.get(read);
        assertArrayEquals(text, read);
        assertRoundTrip(client, server.endpoint(), new BlockId(30, 1), 2 * 1024 * 1024 + 3);
    }

    /** Bytes the client has published towards the server's data port, from the driver's counters. */
    private static long publicationPosition(String clientAeronDirectory, int dataPort) {
        long[] position = {-1};
        try (Aeron observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(clientAeronDirectory))) {
            observer.countersReader().forEach((id, type, key, label) -> {
                if (label.startsWith("pub-pos") && label.contains("endpoint=127.0.0.1:" + dataPort + "|")) {
                    position[0] = observer.countersReader().getCounterValue(id);
                }
            });
        }
        assertTrue(position[0] >= 0, "no publication to port " + dataPort);
        return position[0];
    }

    @Test
    void shouldPassABlockDownAReplicationPipelineAndCountTheReplicas() throws Exception {
        StorageServer head = server(null);
        StorageServer middle = server(null);
        StorageServer tail = server(null);
        DataPlaneClient client = client(null);
        byte[] data = randomBytes(3 * 1024 * 1024 + 11);
        BlockId block = new BlockId(40, 0);
        BlockUpload upload = client.upload(head.endpoint(), block, 1, List.of(middle.endpoint(), tail.endpoint()));
        upload.write(ByteBuffer.wrap(data));
        WriteResult result = get(upload.finish());
        assertEquals(3, result.replicas());
        for (StorageServer server : List.of(head, middle, tail)) {
            ByteBuffer back = ByteBuffer.allocate(data.length);
            assertEquals(data.length, get(client.read(server.endpoint(), block, 0, back)));
            assertArrayEquals(data, back.array(), "replica on " + server.endpoint());
        }

        tail.close();
        BlockId second = new BlockId(40, 1);
        BlockUpload degraded = client.upload(head.endpoint(), second, 1, List.of(middle.endpoint(), tail.endpoint()));
        degraded.write(ByteBuffer.wrap(data));
        assertEquals(2, get(degraded.finish()).replicas(), "the pipeline ends where a server is gone");
    }

    @Test
    void shouldRunTheReplicationPipelineOverIpcWhenServersShareADriver() throws Exception {
        MediaDriver driver = track(TesseraMediaDriver.launch("/dev/shm/tessera-test-" + UUID.randomUUID()));
        String directory = driver.aeronDirectoryName();
        StorageServer head = server(directory);
        StorageServer middle = server(directory);
        StorageServer tail = server(directory);
        DataPlaneClient client = client(directory);
        byte[] data = randomBytes(200_000);
        BlockUpload upload =
                client.upload(head.endpoint(), new BlockId(41, 0), 1, List.of(middle.endpoint(), tail.endpoint()));
        upload.write(ByteBuffer.wrap(data));
        assertEquals(3, get(upload.finish()).replicas());
    }

    @Test
    void shouldWriteAnEmptyBlock() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null);
        WriteResult result =
                get(client.upload(server.endpoint(), new BlockId(3, 0), 1).finish());
        assertEquals(0, result.length());
        assertEquals(0, server.store().stat(new BlockId(3, 0)).length());
    }

    @Test
    void shouldAnswerMissingBlocksAndRangesOutsideTheBlockWithClearErrors() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null);
        assertRoundTrip(client, server.endpoint(), new BlockId(4, 0), 1000);

        TesseraException missing =
                failure(client.read(server.endpoint(), new BlockId(99, 1), 0, ByteBuffer.allocate(10)));
        assertEquals(ErrorCode.BLOCK_NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("blk_99_1"), missing.getMessage());

        TesseraException outside =
                failure(client.read(server.endpoint(), new BlockId(4, 0), 995, ByteBuffer.allocate(10)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, outside.code());
        assertTrue(outside.getMessage().contains("[995, 1005) is outside blk_4_0 of 1000 bytes"), outside.getMessage());
    }

    @Test
    void shouldRefuseToWriteABlockThatExists() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null);
        assertRoundTrip(client, server.endpoint(), new BlockId(5, 0), 100);
        BlockUpload again = client.upload(server.endpoint(), new BlockId(5, 0), 1);
        again.write(ByteBuffer.wrap(new byte[100]));
        assertEquals(ErrorCode.ALREADY_EXISTS, failure(again.finish()).code());
    }

    @Test
    void shouldNeverReturnCorruptBytesAndNameTheBadBlock() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null);
        BlockId block = new BlockId(6, 2);
        byte[] data = assertRoundTrip(client, server.endpoint(), block, 300_000);
        flipOneByteOnDisk(block, 200_000);

        TesseraException corrupt = failure(client.read(server.endpoint(), block, 0, ByteBuffer.allocate(data.length)));
        assertEquals(ErrorCode.CORRUPT_BLOCK, corrupt.code());
        assertTrue(corrupt.getMessage().contains(block.toString()), corrupt.getMessage());

        ByteBuffer healthy = ByteBuffer.allocate(65_536);
        assertEquals(65_536, get(client.read(server.endpoint(), block, 0, healthy)));
        assertArrayEquals(Arrays.copyOf(data, 65_536), healthy.array());
    }

    @Test
    void shouldAnswerGarbageAndKeepServingEveryoneElse() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null);
        assertRoundTrip(client, server.endpoint(), new BlockId(7, 0), 10_000);

        try (Aeron raw = Aeron.connect(
                        new Aeron.Context().aeronDirectoryName(server.context().aeronDirectoryName()));
                Publication garbage = raw.addPublication(
                        AeronChannels.udp("127.0.0.1", server.endpoint().dataPort()),
                        AeronChannels.REQUEST_STREAM_ID)) {
            byte[] junk = new byte[300];
            random.nextBytes(junk);
            UnsafeBuffer buffer = new UnsafeBuffer(junk);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int sent = 0; sent < 3; ) {
                if (garbage.offer(buffer, 0, 7 + sent * 100) > 0) {
                    sent++;
                } else {
                    assertTrue(System.nanoTime() < deadline, "the server never took the garbage");
                    Thread.yield();
                }
            }
            while (server.malformedRequests() < 3) {
                assertTrue(System.nanoTime() < deadline, "the garbage was not noticed");
                Thread.yield();
            }
        }
        assertRoundTrip(client, server.endpoint(), new BlockId(7, 1), 200_000);
    }

    @Test
    void shouldSayWhenNothingListensAtTheEndpoint() {
        DataPlaneClient client = client(null, context -> context.connectTimeout(1, TimeUnit.SECONDS));
        StorageEndpoint nowhere = new StorageEndpoint("127.0.0.1", freePort(), "");
        TesseraException error = failure(client.read(nowhere, new BlockId(1, 0), 0, ByteBuffer.allocate(1)));
        assertEquals(ErrorCode.UNAVAILABLE, error.code());
        assertTrue(error.getMessage().contains("nothing listens there"), error.getMessage());
    }

    @Test
    void shouldFailOperationsOfAServerThatWentAway() throws Exception {
        StorageServer server = server(null);
        DataPlaneClient client = client(null, context -> context.operationTimeout(3, TimeUnit.SECONDS));
        BlockId block = new BlockId(8, 0);
        assertRoundTrip(client, server.endpoint(), block, 1000);
        BlockUpload upload = client.upload(server.endpoint(), new BlockId(8, 1), 1);
        get(upload.write(ByteBuffer.wrap(new byte[1000])));
        server.close();
        TesseraException error = failure(upload.finish());
        assertTrue(error.code() == ErrorCode.UNAVAILABLE || error.code() == ErrorCode.TIMEOUT, error.toString());
    }

    @Test
    void shouldServeManyClientsWritingAndReadingAtOnce() throws Exception {
        StorageServer server = server(null);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            DataPlaneClient client = client(null);
            for (int b = 0; b < 3; b++) {
                BlockId block = new BlockId(100 + c, b);
                byte[] data = randomBytes(400_000 + random.nextInt(100_000));
                BlockUpload upload = client.upload(server.endpoint(), block, 1);
                upload.write(ByteBuffer.wrap(data));
                all.add(upload.finish().thenCompose(ack -> {
                    ByteBuffer back = ByteBuffer.allocateDirect(data.length);
                    return client.read(server.endpoint(), block, 0, back).thenAccept(n -> {
                        byte[] read = new byte[n];
                        back.get(read);
                        assertArrayEquals(data, read, block.toString());
                    });
                }));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
    }

    private byte[] assertRoundTrip(DataPlaneClient client, StorageEndpoint endpoint, BlockId block, int length)
            throws Exception {
        byte[] data = randomBytes(length);
        BlockUpload upload = client.upload(endpoint, block, 7);
        int offset = 0;
        while (offset < length) {
            int piece = Math.min(length - offset, 1 + random.nextInt(700_000));
            ByteBuffer buffer = random.nextBoolean()
                    ? ByteBuffer.wrap(data, offset, piece)
                    : ByteBuffer.allocateDirect(piece).put(data, offset, piece).flip();
            get(upload.write(buffer));
            offset += piece;
        }
        WriteResult result = get(upload.finish());
        assertEquals(length, result.length());

        ByteBuffer whole = ByteBuffer.allocateDirect(length);
        assertEquals(length, get(client.read(endpoint, block, 0, whole)));
        byte[] read = new byte[length];
        whole.get(read);
        assertArrayEquals(data, read, "whole block, seed " + SEED);

        int from = random.nextInt(length);
        int count = random.nextInt(length - from + 1);
        ByteBuffer range = ByteBuffer.allocate(count + 3).position(3);
        assertEquals(count, get(client.read(endpoint, block, from, range)));
        assertArrayEquals(
                Arrays.copyOfRange(data, from, from + count),
                Arrays.copyOfRange(range.array(), 3, 3 + count),
                "range " + from + "+" + count + ", seed " + SEED);
        return data;
    }

    private void flipOneByteOnDisk(BlockId block, long dataOffset) throws IOException {
        Path file;
        try (Stream<Path> files = Files.walk(dataDir)) {
            file = files.filter(p -> p.getFileName().toString().equals(block.toString()))
                    .findFirst()
                    .orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long position = BlockFile.dataPosition(dataOffset);
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x40);
        }
    }

    private StorageServer server(String aeronDirectory) {
        return track(StorageServer.launch(new StorageServer.Context()
                .dataDir(dataDir.resolve("server-" + resources.size()))
                .aeronDirectoryName(aeronDirectory)
                .fsync(false)
                .errorHandler(e -> {})));
    }

    private DataPlaneClient client(String aeronDirectory) {
        return client(aeronDirectory, context -> {});
    }

    private DataPlaneClient client(String aeronDirectory, java.util.function.Consumer<DataPlaneClient.Context> tweak) {
        DataPlaneClient.Context context = new DataPlaneClient.Context().aeronDirectoryName(aeronDirectory);
        tweak.accept(context);
        return track(DataPlaneClient.connect(context));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static TesseraException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(TesseraException.class, e.getCause());
    }

    private static int freePort() {
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
