package io.tessera.cli;

import io.tessera.flight.FlightDatasetReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The demo's Arrow Flight part: a sales dataset written with DoPut (several Parquet files), then two
 * queries through the planner — a projection of every id, and a projection with a filter (sales of 500
 * or more, summed per region) — read endpoint by endpoint in parallel from the nodes holding the row
 * groups. Run once before and once after a storage node stops: both answers must match what was
 * written, both times.
 */
final class DemoFlight implements AutoCloseable {
    static final String DATASET = "/demo/sales";
    private static final String[] REGIONS = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
    private static final int FILES = 4;
    private static final int ROWS_PER_FILE = 100_000;
    private static final int BATCH = 10_000;
    private static final String FILTERED = "{\"path\": \"" + DATASET + "\", \"columns\": [\"region\", \"amount\"],"
            + " \"filter\": [[\"amount\", \">=\", 500]]}";

    private final FlightSidecars flight;
    private final PrintStream out;
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.notNullable("region", ArrowType.Utf8.INSTANCE),
            new Field(
                    "amount",
                    FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    null)));

    DemoFlight(FlightSidecars flight, PrintStream out) {
        this.flight = flight;
        this.out = out;
    }

    /** Writes the dataset with DoPut. */
    void write() {
        try (FlightClient client = FlightClient.builder(allocator, flight.planner.location())
                        .build();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int file = 0; file < FILES; file++) {
                SyncPutListener ack = new SyncPutListener();
                FlightClient.ClientStreamListener put =
                        client.startPut(FlightDescriptor.path("demo", "sales", "part-" + file + ".parquet"), root, ack);
                for (long id = (long) file * ROWS_PER_FILE; id < (file + 1L) * ROWS_PER_FILE; id += BATCH) {
                    fill(root, id);
                    put.putNext();
                }
                put.completed();
                put.getResult();
                ack.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
        out.println("    DoPut wrote " + FILES + " Parquet files of " + ROWS_PER_FILE + " rows to " + DATASET);
    }

    private void fill(VectorSchemaRoot root, long firstId) {
        BigIntVector ids = (BigIntVector) root.getVector("id");
        VarCharVector regions = (VarCharVector) root.getVector("region");
        Float8Vector amounts = (Float8Vector) root.getVector("amount");
        root.allocateNew();
        for (int i = 0; i < BATCH; i++) {
            long id = firstId + i;
            ids.setSafe(i, id);
            regions.setSafe(i, region(id).getBytes(StandardCharsets.UTF_8));
            amounts.setSafe(i, amount(id));
        }
        root.setRowCount(BATCH);
    }

    private static String region(long id) {
        return REGIONS[(int) (id % REGIONS.length)];
    }

    /** Whole numbers, so sums are exact in any order. */
    private static double amount(long id) {
        return new SplittableRandom(id).nextInt(1000);
    }

    /** Runs both queries and checks them against what was written; prints what it did. */
    boolean query(String when) {
        Map<String, double[]> expected = new TreeMap<>();
        for (long id = 0; id < (long) FILES * ROWS_PER_FILE; id++) {
            if (amount(id) >= 500) {
                double[] sum = expected.computeIfAbsent(region(id), region -> new double[2]);
                sum[0]++;
                sum[1] += amount(id);
            }
        }
        try (FlightDatasetReader reader = new FlightDatasetReader(flight.planner.location(), allocator, 4)) {
            FlightInfo ids = reader.plan(FlightDescriptor.command(
                    ("{\"path\": \"" + DATASET + "\", \"columns\": [\"id\"]}").getBytes(StandardCharsets.UTF_8)));
            long[] idSum = new long[1];
            long rows = reader.read(ids, batch -> {
                BigIntVector vector = (BigIntVector) batch.getVector("id");
                for (int i = 0; i < batch.getRowCount(); i++) {
                    idSum[0] += vector.get(i);
                }
            });
            long n = (long) FILES * ROWS_PER_FILE;
            boolean idsRight = rows == n && idSum[0] == n * (n - 1) / 2;
            out.printf(
                    "    %s: projection [id]: %d endpoints, %d rows%s%n",
                    when, ids.getEndpoints().size(), rows, idsRight ? ", every id once" : ", WRONG");

            FlightInfo filtered = reader.plan(FlightDescriptor.command(FILTERED.getBytes(StandardCharsets.UTF_8)));
            Map<String, double[]> actual = new TreeMap<>();
            reader.read(filtered, batch -> {
                VarCharVector regions = (VarCharVector) batch.getVector("region");
                Float8Vector amounts = (Float8Vector) batch.getVector("amount");
                for (int i = 0; i < batch.getRowCount(); i++) {
                    double[] sum = actual.computeIfAbsent(
                            new String(regions.get(i), StandardCharsets.UTF_8), region -> new double[2]);
                    sum[0]++;
                    sum[1] += amounts.get(i);
                }
            });
            boolean sumsRight = same(expected, actual);
            out.printf(
                    "    %s: filter amount >= 500, [region, amount] summed per region%s%n",
                    when, sumsRight ? " (matches what was written):" : ": WRONG");
            actual.forEach(
                    (region, sum) -> out.printf("      %-12s %8d sales %14.0f%n", region, (long) sum[0], sum[1]));
            return idsRight && sumsRight;
        } catch (Exception e) {
            out.println("    " + when + ": Flight query failed: " + e.getMessage());
            return false;
        }
    }

    private static boolean same(Map<String, double[]> expected, Map<String, double[]> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            return false;
        }
        return expected.entrySet().stream()
                .allMatch(entry -> java.util.Arrays.equals(entry.getValue(), actual.get(entry.getKey())));
    }

    @Override
    public void close() {
        allocator.close();
    }
}
