package io.tessera.flight;

import io.tessera.client.FileLocations.BlockLocation;
import io.tessera.client.FileStatus;
import io.tessera.client.NodeEndpoint;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * Plans a query: one endpoint per row group that may hold matching rows (statistics prune the rest), each
 * listing the Flight servers of the nodes that hold the row group's block, in {@code locate}'s order.
 * When none of them is live the endpoint names the live nodes of the block's group instead, rotated per
 * row group to spread the work: any of them rebuilds the bytes from the group's surviving blocks.
 */
final class Planner {
    private final Datasets datasets;
    private final TicketCodec tickets;
    private final Function<NodeEndpoint, Location> locations;

    Planner(Datasets datasets, TicketCodec tickets, Function<NodeEndpoint, Location> locations) {
        this.datasets = datasets;
        this.tickets = tickets;
        this.locations = locations;
    }

    FlightInfo plan(FlightDescriptor descriptor, DatasetQuery query) {
        Schema schema = null;
        String schemaFile = null;
        List<FlightEndpoint> endpoints = new ArrayList<>();
        long records = 0;
        long bytes = 0;
        for (FileStatus file : datasets.files(query.path())) {
            ParquetMetadata footer = datasets.footer(file);
            MessageType parquetSchema = footer.getFileMetaData().getSchema();
            QueryPlan plan = bind(query, file, parquetSchema);
            if (schema == null) {
                schema = plan.schema();
                schemaFile = file.path();
            } else if (!schema.equals(plan.schema())) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT,
                        file.path() + " does not have the schema of " + schemaFile + ": " + plan.schema() + " vs "
                                + schema);
            }
            List<BlockMetaData> blocks = footer.getBlocks();
            List<Integer> rowGroups = plan.rowGroups(blocks, parquetSchema);
            if (rowGroups.isEmpty()) {
                continue;
            }
            BlockPieces pieces = new BlockPieces(datasets.client().locate(file.path(), 0, file.length()));
            for (int rowGroup : rowGroups) {
                BlockMetaData block = blocks.get(rowGroup);
                long start = block.getStartingPos();
                BlockPieces.Piece piece = pieces.mainPiece(start, start + block.getCompressedSize());
                byte[] ticket =
                        tickets.encode(new TicketCodec.Ticket(query.withPath(file.path()), file.length(), rowGroup));
                endpoints.add(new FlightEndpoint(
                        new Ticket(ticket), where(piece, rowGroup).toArray(Location[]::new)));
                records += block.getRowCount();
                bytes += projectedBytes(block, plan);
            }
        }
        return new FlightInfo(
                schema, descriptor, endpoints, bytes, query.filter().isEmpty() ? records : -1);
    }

    /** The schema the query returns, from the dataset's first file. */
    Schema schema(DatasetQuery query) {
        FileStatus first = datasets.files(query.path()).get(0);
        return bind(query, first, datasets.footer(first).getFileMetaData().getSchema())
                .schema();
    }

    private static QueryPlan bind(DatasetQuery query, FileStatus file, MessageType schema) {
        try {
            return QueryPlan.bind(query, schema);
        } catch (TesseraException e) {
            throw new TesseraException(e.code(), e.getMessage() + " (in " + file.path() + ")", e);
        }
    }

    private List<Location> where(BlockPieces.Piece piece, int rowGroup) {
        Map<Integer, Location> holders = new LinkedHashMap<>();
        for (BlockLocation holder : piece.holders()) {
            add(holders, holder.node());
        }
        if (!holders.isEmpty()) {
            return new ArrayList<>(holders.values());
        }
        Map<Integer, Location> group = new LinkedHashMap<>();
        for (BlockLocation block : piece.group().blocks()) {
            add(group, block.node());
        }
        List<Location> rebuilders = new ArrayList<>(group.values());
        if (!rebuilders.isEmpty()) {
            java.util.Collections.rotate(rebuilders, -(rowGroup % rebuilders.size()));
        }
        return rebuilders;
    }

    private void add(Map<Integer, Location> into, NodeEndpoint node) {
        if (node.live() && node.flightPort() > 0) {
            into.putIfAbsent(node.nodeId(), locations.apply(node));
        }
    }

    private static long projectedBytes(BlockMetaData block, QueryPlan plan) {
        long bytes = 0;
        for (ColumnChunkMetaData column : block.getColumns()) {
            String top = column.getPath().toArray()[0];
            if (plan.columns().stream().anyMatch(layout -> layout.name().equals(top))) {
                bytes += column.getTotalSize();
            }
        }
        return bytes;
    }
}
