package io.tessera.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.FileLocations;
import io.tessera.client.FileLocations.BlockLocation;
import io.tessera.client.FileLocations.GroupLocation;
import io.tessera.common.StoragePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flight over a real local cluster (RS-3-2 on five storage servers, 128 KiB blocks): results compared
 * with parquet-hadoop reading the same files from local disk, endpoint locations with {@code locate},
 * bad input, DoPut, and a stopped holder. The node is stopped last: tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlightServiceTest {
    private static final long BLOCK = 128 * 1024;
    private static final int ROWS = 4000;
    private static final String DATASET = "/warehouse/t";

    @TempDir
    static Path dir;

    private static FlightTestCluster flight;
    private static BufferAllocator allocator;
    private static final Map<Location, FlightClient> clients = new HashMap<>();
    private static List<Path> localFiles;
    private static List<String> allColumns;

    @BeforeAll
    static void startCluster() throws IOException {
        flight = FlightTestCluster.start(dir.resolve("cluster"), 5, 3, StoragePolicy.RS_3_2);
        allocator = new RootAllocator();
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("b.parquet");
        ParquetFixtures.write(a, 4 * ROWS, 2000, 1); // over 1 MiB: erasure-coded (b is small: replicated)
        ParquetFixtures.write(b, ROWS, 800, 2);
        flight.put(a, DATASET + "/a.parquet", BLOCK);
        // b goes in through Parquet's writer on a Tessera file: row groups aligned to blocks.
        flight.client.mkdirs(DATASET, 0755);
        flight.client.setPolicy(DATASET, StoragePolicy.RS_3_2);
        ParquetFixtures.write(new TesseraOutputFile(flight.client, DATASET + "/b.parquet"), ROWS, 800, 2);
        flight.client
                .create(DATASET + "/_SUCCESS", io.tessera.client.TesseraClient.CreateOptions.defaults())
                .close();
        localFiles = List.of(a, b);
        allColumns =
                ParquetFixtures.SCHEMA.getFields().stream().map(Type::getName).toList();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (FlightClient client : clients.values()) {
            client.close();
        }
        allocator.close();
        flight.close(); // closes every service's allocator: fails on a leaked buffer
    }

    @Test
    @Order(1)
    void shouldReturnWhatParquetHadoopReadsWithAndWithoutProjectionAndFilter() throws Exception {
        FlightInfo all = planner().getInfo(FlightDescriptor.path("warehouse", "t"));
        assertEquals(expected(allColumns, FilterCompat.NOOP), readAll(all));
        assertEquals(5L * ROWS, all.getRecords());

        List<String> columns = List.of("s", "point", "i32");
        FlightInfo projected = planner()
                .getInfo(
                        command(
                                "{\"path\": \"/warehouse/t\", \"columns\": [\"s\", \"point\", \"i32\"], \"filter\": [[\"i32\", \">=\", 2500], [\"s\", \"=\", \"x\"]]}"));
        FilterCompat.Filter filter = FilterCompat.get(FilterApi.and(
                FilterApi.gtEq(FilterApi.intColumn("i32"), 2500),
                FilterApi.eq(FilterApi.binaryColumn("s"), org.apache.parquet.io.api.Binary.fromString("x"))));
        List<List<Object>> rows = readAll(projected);
        assertEquals(expected(columns, filter), rows);
        assertFalse(rows.isEmpty());
        assertTrue(
                projected.getEndpoints().size() < all.getEndpoints().size(),
                "row groups with i32 < 2500 are pruned by their statistics");
        assertTrue(flight.localBytesRead() > 0, "data servers read their own blocks from disk");
        assertEquals(
                projected.getSchema(),
                planner()
                        .getSchema(command("{\"path\": \"/warehouse/t\", \"columns\": [\"s\", \"point\", \"i32\"]}"))
                        .getSchema());
    }

    @Test
    @Order(2)
    void shouldListEachEndpointAtTheNodesLocateReportsForItsBlock() throws Exception {
        FlightInfo info = planner().getInfo(FlightDescriptor.path(DATASET));
        List<List<Location>> expected = new ArrayList<>();
        List<Integer> copies = new ArrayList<>();
        for (String file : List.of(DATASET + "/a.parquet", DATASET + "/b.parquet")) {
            long length = flight.client.getFileStatus(file).length();
            StoragePolicy policy = flight.client.getFileStatus(file).effectivePolicy();
            for (BlockMetaData rowGroup : footerBlocks(file)) {
                long start = rowGroup.getStartingPos();
                FileLocations located = flight.client.locate(file, start, rowGroup.getCompressedSize());
                expected.add(holdersOfMostBytes(located, start, start + rowGroup.getCompressedSize()));
                copies.add(policy.isErasureCoded() ? 1 : policy.replicas());
                assertTrue(start + rowGroup.getCompressedSize() <= length);
            }
        }
        List<List<Location>> actual =
                info.getEndpoints().stream().map(FlightEndpoint::getLocations).toList();
        assertEquals(expected, actual);
        assertEquals(copies, actual.stream().map(List::size).toList(), "one holder per EC block, n per replica set");
        assertEquals(
                List.of(StoragePolicy.RS_3_2, StoragePolicy.REPLICATED_3),
                List.of(
                        flight.client.getFileStatus(DATASET + "/a.parquet").effectivePolicy(),
                        flight.client.getFileStatus(DATASET + "/b.parquet").effectivePolicy()));
    }

    @Test
    @Order(3)
    void shouldListDatasets() {
        List<String> datasets = new ArrayList<>();
        planner()
                .listFlights(Criteria.ALL)
                .forEach(info ->
                        datasets.add("/" + String.join("/", info.getDescriptor().getPath())));
        assertEquals(List.of(DATASET), datasets);
    }

    @Test
    @Order(4)
    void shouldRefuseBadInputWithClearErrorsAndKeepServing() throws Exception {
        assertStatus(FlightStatusCode.NOT_FOUND, "/missing", () -> planner().getInfo(FlightDescriptor.path("missing")));
        assertStatus(FlightStatusCode.INVALID_ARGUMENT, "the command is not JSON", () -> planner()
                .getInfo(command("{\"path\": ")));
        assertStatus(FlightStatusCode.INVALID_ARGUMENT, "unknown column 'nope'", () -> planner()
                .getInfo(command("{\"path\": \"/warehouse/t\", \"columns\": [\"nope\"]}")));
        assertStatus(
                FlightStatusCode.INVALID_ARGUMENT,
                "filter on column 'i64' (Int(64, true)) expects an integer, got \"big\"",
                () -> planner()
                        .getInfo(command("{\"path\": \"/warehouse/t\", \"filter\": [[\"i64\", \">\", \"big\"]]}")));

        FlightInfo info = planner().getInfo(FlightDescriptor.path(DATASET));
        FlightEndpoint endpoint = info.getEndpoints().get(0);
        byte[] tampered = endpoint.getTicket().getBytes().clone();
        tampered[20] ^= 1;
        FlightClient data = client(endpoint.getLocations().get(0));
        assertStatus(
                FlightStatusCode.INVALID_ARGUMENT,
                "integrity check",
                () -> drain(data.getStream(new Ticket(tampered))));
        assertStatus(
                FlightStatusCode.INVALID_ARGUMENT,
                "integrity check",
                () -> drain(data.getStream(new Ticket(new byte[] {1, 2, 3}))));

        assertEquals(expected(allColumns, FilterCompat.NOOP), readAll(info), "the servers keep serving");
    }

    @Test
    @Order(5)
    void shouldWriteAStreamAsParquetWithRowGroupsAlignedToBlocks() throws Exception {
        FlightInfo source = planner()
                .getInfo(
                        command(
                                "{\"path\": \"/warehouse/t/a.parquet\", \"columns\": [\"i32\", \"s\", \"d\", \"dec\", \"ts\", \"tags\", \"point\"]}"));
        List<List<Object>> rows = new ArrayList<>();
        FlightClient.ClientStreamListener put = null;
        SyncPutListener ack = new SyncPutListener();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(source.getSchema(), allocator)) {
            for (FlightEndpoint endpoint : source.getEndpoints()) {
                try (FlightStream stream =
                        client(endpoint.getLocations().get(0)).getStream(endpoint.getTicket())) {
                    while (stream.next()) {
                        if (put == null) {
                            put = planner().startPut(FlightDescriptor.path("out", "copy.parquet"), root, ack);
                        }
                        new org.apache.arrow.vector.VectorUnloader(stream.getRoot())
                                .getRecordBatch()
                                .close();
                        try (var batch =
                                new org.apache.arrow.vector.VectorUnloader(stream.getRoot()).getRecordBatch()) {
                            new org.apache.arrow.vector.VectorLoader(root).load(batch);
                        }
                        rows.addAll(ParquetFixtures.rows(root));
                        put.putNext();
                    }
                }
            }
            put.completed();
            put.getResult();
        }
        ack.close();
        FlightInfo copy = planner().getInfo(FlightDescriptor.path("out", "copy.parquet"));
        assertEquals(source.getSchema(), copy.getSchema());
        assertEquals(rows, readAll(copy));
        long blockSize = flight.client.getFileStatus("/out/copy.parquet").blockSize();
        for (BlockMetaData rowGroup : footerBlocks("/out/copy.parquet")) {
            long start = rowGroup.getStartingPos();
            long end = start + rowGroup.getCompressedSize();
            assertEquals(
                    start / blockSize, (end - 1) / blockSize, "row group [" + start + ", " + end + ") in one block");
        }
    }

    @Test
    @Order(6)
    void shouldExchangeUserAndPasswordForABearerTokenWhenSecurityIsOn() throws Exception {
        try (FlightService secured = FlightService.start(
                        FlightTestCluster.context(flight.client).port(0).users(Map.of("alice", "s3cret")));
                FlightClient client =
                        FlightClient.builder(allocator, secured.location()).build()) {
            FlightDescriptor dataset = FlightDescriptor.path(DATASET);
            assertStatus(FlightStatusCode.UNAUTHENTICATED, "", () -> client.getInfo(dataset));
            assertStatus(
                    FlightStatusCode.UNAUTHENTICATED,
                    "wrong password",
                    () -> client.authenticateBasicToken("alice", "guess"));
            var token = client.authenticateBasicToken("alice", "s3cret").orElseThrow();
            assertEquals(5L * ROWS, client.getInfo(dataset, token).getRecords());
        }
    }

    @Test
    @Order(10)
    void shouldServeIdenticalRowsWhenTheHolderIsStopped() throws Exception {
        FlightInfo before = planner().getInfo(FlightDescriptor.path(DATASET));
        Location victim = before.getEndpoints().get(0).getLocations().get(0);
        int index = indexOf(victim);
        flight.stopNode(index);
        awaitDead(flight.cluster.servers().get(index).nodeId());

        FlightInfo after = planner().getInfo(FlightDescriptor.path(DATASET));
        for (FlightEndpoint endpoint : after.getEndpoints()) {
            assertFalse(endpoint.getLocations().contains(victim), "no endpoint names the stopped node");
            assertFalse(endpoint.getLocations().isEmpty());
        }
        assertNotEquals(victim, after.getEndpoints().get(0).getLocations().get(0));
        assertEquals(expected(allColumns, FilterCompat.NOOP), readAll(after));
        // A ticket planned before the failure, taken to the planner: it rebuilds the row group itself.
        List<List<Object>> first = new ArrayList<>();
        try (FlightStream stream =
                planner().getStream(before.getEndpoints().get(0).getTicket())) {
            while (stream.next()) {
                first.addAll(ParquetFixtures.rows(stream.getRoot()));
            }
        }
        assertEquals(expected(allColumns, FilterCompat.NOOP).subList(0, first.size()), first);
    }

    private static int indexOf(Location location) {
        for (int i = 0; i < flight.data.size(); i++) {
            if (flight.data.get(i).port() == location.getUri().getPort()) {
                return i;
            }
        }
        throw new AssertionError("no data server at " + location);
    }

    private static void awaitDead(int nodeId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean live = flight.client.metadata().clusterReport().nodes().stream()
                    .anyMatch(node -> node.nodeId() == nodeId && node.state().equals("LIVE"));
            if (!live) {
                return;
            }
            assertTrue(System.nanoTime() - deadline < 0, "node " + nodeId + " still live after 60 s");
            Thread.sleep(200);
        }
    }

    private static List<Location> holdersOfMostBytes(FileLocations located, long start, long end) {
        long blockSize = located.blockSize();
        int k = located.policy().dataBlocks();
        long bestBytes = -1;
        List<Location> best = null;
        for (GroupLocation group : located.groups()) {
            for (int j = 0; j < k; j++) {
                long from = Math.max(start, group.fileOffset() + j * blockSize);
                long to = Math.min(end, group.fileOffset() + (j + 1) * blockSize);
                if (to - from > bestBytes) {
                    bestBytes = to - from;
                    best = new ArrayList<>();
                    for (BlockLocation block : group.blocks()) {
                        if (block.index() == j) {
                            best.add(Location.forGrpcInsecure(
                                    block.node().host(), block.node().flightPort()));
                        }
                    }
                }
            }
        }
        return best;
    }

    private static List<BlockMetaData> footerBlocks(String path) throws IOException {
        long length = flight.client.getFileStatus(path).length();
        FileLocations locations = flight.client.locate(path, 0, length);
        try (TesseraInputFile input = new TesseraInputFile(
                        flight.client,
                        null,
                        path,
                        length,
                        new BlockPieces(locations),
                        new TesseraInputFile.Counters());
                ParquetFileReader reader = ParquetFiles.open(input)) {
            return reader.getRowGroups();
        }
    }

    private static List<List<Object>> expected(List<String> columns, FilterCompat.Filter filter) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        List<String> read = new ArrayList<>(columns);
        for (Path file : localFiles) {
            rows.addAll(ParquetFixtures.readWithParquet(new LocalInputFile(file), read, filter));
        }
        return rows;
    }

    private static List<List<Object>> readAll(FlightInfo info) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            Location location = endpoint.getLocations().isEmpty()
                    ? flight.plannerLocation()
                    : endpoint.getLocations().get(0);
            try (FlightStream stream = client(location).getStream(endpoint.getTicket())) {
                while (stream.next()) {
                    rows.addAll(ParquetFixtures.rows(stream.getRoot()));
                }
            }
        }
        return rows;
    }

    private static void drain(FlightStream stream) throws Exception {
        try (stream) {
            while (stream.next()) {
                // reading is what fails
            }
        }
    }

    private static FlightClient planner() {
        return client(flight.plannerLocation());
    }

    private static FlightClient client(Location location) {
        return clients.computeIfAbsent(
                location, where -> FlightClient.builder(allocator, where).build());
    }

    private static FlightDescriptor command(String json) {
        return FlightDescriptor.command(json.getBytes(StandardCharsets.UTF_8));
    }

    interface Call {
        void run() throws Exception;
    }

    private static void assertStatus(FlightStatusCode code, String message, Call call) {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call::run);
        assertEquals(code, e.status().code(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertNotEquals(CallStatus.INTERNAL.code(), e.status().code());
    }
}
