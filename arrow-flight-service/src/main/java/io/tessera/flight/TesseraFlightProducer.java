package io.tessera.flight;

import io.tessera.client.FileStatus;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The Flight calls over Tessera datasets. Planning ({@code ListFlights}, {@code GetFlightInfo}, {@code
 * GetSchema}) reads footers through the client; {@code DoGet} decodes the ticket's row group, from this
 * node's disk where it holds the block; {@code DoPut} writes a stream as a Parquet file. Every stream
 * gets its own child allocator, closed when the stream ends. Failures reach the caller as Flight
 * statuses mapped from Tessera's error codes; nothing a caller sends stops the server.
 */
final class TesseraFlightProducer extends NoOpFlightProducer {
    private final FlightService.Context context;
    private final BufferAllocator allocator;
    private final Datasets datasets;
    private final Planner planner;
    private final TicketCodec tickets;
    private final DatasetWriter writer;
    private static final long READY_RECHECK_MS = 100;

    private final AtomicLong streams = new AtomicLong();

    TesseraFlightProducer(
            FlightService.Context context, BufferAllocator allocator, TesseraInputFile.Counters counters) {
        this.context = context;
        this.allocator = allocator;
        this.tickets = new TicketCodec(context.secret());
        this.datasets = new Datasets(context.client(), context.localBlocks(), counters);
        this.planner = new Planner(datasets, tickets, context::location);
        this.writer = new DatasetWriter(context.client());
    }

    void serveLocalBlocks(io.tessera.client.LocalBlocks blocks) {
        datasets.serveLocalBlocks(blocks);
    }

    @Override
    public void listFlights(CallContext call, Criteria criteria, StreamListener<FlightInfo> listener) {
        try {
            byte[] expression = criteria.getExpression();
            String root =
                    expression == null || expression.length == 0 ? "/" : new String(expression, StandardCharsets.UTF_8);
            for (FileStatus dataset : datasets.datasets(root)) {
                FlightDescriptor descriptor = FlightDescriptor.path(components(dataset.path()));
                FileStatus first = datasets.files(dataset.path()).get(0);
                FlightInfo info = new FlightInfo(
                        planner.schema(DatasetQuery.ofPath(first.path())), descriptor, List.of(), -1, -1);
                listener.onNext(info);
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(status(e));
        }
    }

    @Override
    public FlightInfo getFlightInfo(CallContext call, FlightDescriptor descriptor) {
        try {
            return planner.plan(descriptor, query(descriptor));
        } catch (RuntimeException e) {
            throw status(e);
        }
    }

    @Override
    public SchemaResult getSchema(CallContext call, FlightDescriptor descriptor) {
        try {
            return new SchemaResult(planner.schema(query(descriptor)));
        } catch (RuntimeException e) {
            throw status(e);
        }
    }

    /** A path as descriptor components: {@code /warehouse/t} is {@code ["warehouse", "t"]}. */
    private static String[] components(String path) {
        return java.util.Arrays.stream(path.split("/"))
                .filter(part -> !part.isEmpty())
                .toArray(String[]::new);
    }

    private static DatasetQuery query(FlightDescriptor descriptor) {
        if (descriptor.isCommand()) {
            return DatasetQuery.parse(descriptor.getCommand());
        }
        return DatasetQuery.ofPath("/" + String.join("/", descriptor.getPath()).replaceAll("^/+", ""));
    }

    @Override
    public void getStream(CallContext call, Ticket ticket, ServerStreamListener listener) {
        long id = streams.incrementAndGet();
        try (BufferAllocator child = allocator.newChildAllocator("doget-" + id, 0, context.streamMemory())) {
            stream(tickets.decode(ticket.getBytes()), child, listener);
        } catch (RuntimeException | java.io.IOException e) {
            listener.error(status(e));
        }
    }

    private void stream(TicketCodec.Ticket ticket, BufferAllocator allocator, ServerStreamListener listener)
            throws java.io.IOException {
        String path = ticket.query().path();
        FileStatus file = context.client().getFileStatus(path);
        if (file.length() != ticket.length()) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT, path + " changed since the query was planned: plan it again");
        }
        ParquetMetadata footer = datasets.footer(file);
        MessageType schema = footer.getFileMetaData().getSchema();
        QueryPlan plan = QueryPlan.bind(ticket.query(), schema);
        if (ticket.rowGroup() < 0 || ticket.rowGroup() >= footer.getBlocks().size()) {
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "no row group " + ticket.rowGroup() + " in " + path);
        }
        try (TesseraInputFile input = datasets.open(path, file.length());
                ParquetFileReader reader = ParquetFiles.open(input, footer)) {
            reader.setRequestedSchema(requested(schema, plan));
            try (ArrowBatchReader batches =
                    new ArrowBatchReader(reader, plan, List.of(ticket.rowGroup()), allocator, context.batchRows())) {
                BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
                backpressure.register(listener);
                listener.start(batches.root());
                while (batches.next()) {
                    if (!awaitReady(backpressure, listener)) {
                        return;
                    }
                    listener.putNext();
                }
                listener.completed();
            }
        }
    }

    /**
     * Waits while the client is not reading; false when it went away. The wait re-checks every 100 ms
     * rather than trusting the ready callback alone: a missed callback stalled streams for the whole
     * timeout (30 s) in the benchmark.
     */
    private boolean awaitReady(BackpressureStrategy backpressure, ServerStreamListener listener) {
        while (true) {
            switch (backpressure.waitForListener(READY_RECHECK_MS)) {
                case READY:
                    return true;
                case CANCELLED:
                    return false;
                case TIMEOUT:
                    if (listener.isCancelled()) {
                        return false;
                    }
                    break;
                default:
                    return true;
            }
        }
    }

    /** The file's schema cut to the columns the plan decodes: only their chunks are read from disk. */
    private static MessageType requested(MessageType schema, QueryPlan plan) {
        Set<String> names = new LinkedHashSet<>();
        plan.columns().forEach(column -> names.add(column.name()));
        names.addAll(plan.filter().columns());
        List<Type> fields = new ArrayList<>();
        for (Type field : schema.getFields()) {
            if (names.contains(field.getName())) {
                fields.add(field);
            }
        }
        return new MessageType(schema.getName(), fields);
    }

    @Override
    public Runnable acceptPut(CallContext call, FlightStream stream, StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                writer.write(query(stream.getDescriptor()).path(), stream);
                ackStream.onCompleted();
            } catch (RuntimeException | java.io.IOException e) {
                ackStream.onError(status(e));
            }
        };
    }

    /** The Flight status for a failure: Tessera's codes mapped to what a Flight client reacts to. */
    static FlightRuntimeException status(Throwable e) {
        if (e instanceof FlightRuntimeException flight) {
            return flight;
        }
        if (e instanceof TesseraException tessera) {
            return code(tessera.code())
                    .withDescription(tessera.getMessage())
                    .withCause(e)
                    .toRuntimeException();
        }
        return CallStatus.INTERNAL
                .withDescription(e.getClass().getSimpleName() + ": " + e.getMessage())
                .withCause(e)
                .toRuntimeException();
    }

    private static CallStatus code(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, MALFORMED_REQUEST, IS_A_DIRECTORY, NOT_A_DIRECTORY -> CallStatus.INVALID_ARGUMENT;
            case NOT_FOUND, PARENT_NOT_FOUND, BLOCK_NOT_FOUND -> CallStatus.NOT_FOUND;
            case ALREADY_EXISTS, DIRECTORY_NOT_EMPTY, LEASE_HELD -> CallStatus.ALREADY_EXISTS;
            case PERMISSION_DENIED -> CallStatus.UNAUTHORIZED;
            case UNAVAILABLE, INSUFFICIENT_NODES, NOT_LEADER, NO_SPACE, CORRUPT_BLOCK -> CallStatus.UNAVAILABLE;
            case TIMEOUT -> CallStatus.TIMED_OUT;
            case INTERNAL -> CallStatus.INTERNAL;
        };
    }
}
