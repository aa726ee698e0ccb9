package io.tessera.flight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A Java client of Tessera's Flight service, and the example for one: plan a query at the planning
 * server, then read every endpoint in parallel, each from the first of its locations that answers (the
 * node holding the row group first), the planning server last. Batches go to a consumer, one at a time.
 *
 * <pre>{@code
 * try (BufferAllocator allocator = new RootAllocator();
 *         FlightDatasetReader reader = new FlightDatasetReader(Location.forGrpcInsecure("127.0.0.1", 8815), allocator, 8)) {
 *     FlightInfo info = reader.plan(FlightDescriptor.command(
 *             "{\"path\": \"/warehouse/lineitem\", \"columns\": [\"l_quantity\"], \"filter\": [[\"l_quantity\", \">=\", 10]]}"
 *                     .getBytes(StandardCharsets.UTF_8)));
 *     long rows = reader.read(info, batch -> sum += ...);
 * }
 * }</pre>
 */
public final class FlightDatasetReader implements AutoCloseable {
    private final Location planner;
    private final BufferAllocator allocator;
    private final ExecutorService threads;
    private final Map<Location, FlightClient> clients = new ConcurrentHashMap<>();

    public FlightDatasetReader(Location planner, BufferAllocator allocator, int threads) {
        this.planner = planner;
        this.allocator = allocator;
        this.threads = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "tessera-flight-reader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** GetFlightInfo at the planning server. */
    public FlightInfo plan(FlightDescriptor descriptor) {
        return client(planner).getInfo(descriptor);
    }

    /** Reads every endpoint of {@code info} in parallel; returns the number of rows read. */
    public long read(FlightInfo info, Consumer<VectorSchemaRoot> batches) throws InterruptedException {
        AtomicLong rows = new AtomicLong();
        List<Future<?>> reads = new ArrayList<>();
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            reads.add(threads.submit(() -> {
                rows.addAndGet(read(endpoint, batches));
                return null;
            }));
        }
        for (Future<?> read : reads) {
            try {
                read.get();
            } catch (ExecutionException e) {
                reads.forEach(other -> other.cancel(true));
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return rows.get();
    }

    private long read(FlightEndpoint endpoint, Consumer<VectorSchemaRoot> batches) throws Exception {
        List<Location> candidates = new ArrayList<>(endpoint.getLocations());
        candidates.add(planner);
        FlightRuntimeException last = null;
        for (Location location : candidates) {
            long rows = 0;
            try (FlightStream stream = client(location).getStream(endpoint.getTicket())) {
                while (stream.next()) {
                    synchronized (batches) {
                        batches.accept(stream.getRoot());
                    }
                    rows += stream.getRoot().getRowCount();
                }
                return rows;
            } catch (FlightRuntimeException e) {
                if (rows > 0) {
                    throw e; // batches already delivered: retrying elsewhere would repeat them
                }
                last = e;
            }
        }
        throw last;
    }

    private FlightClient client(Location location) {
        return clients.computeIfAbsent(
                location, where -> FlightClient.builder(allocator, where).build());
    }

    @Override
    public void close() throws Exception {
        threads.shutdownNow();
        AutoCloseables.close(clients.values());
    }
}
