package io.tessera.flight;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads chosen row groups of one Parquet file as Arrow record batches of at most {@code batchRows}
 * rows, with only the projected columns and only the rows that pass the filter. Columns the filter needs
 * but the projection drops are decoded and then left out. {@link #root()} is reused for every batch;
 * {@link #next()} refills it. The reader owns its vectors (in the caller's allocator) and closes them.
 */
final class ArrowBatchReader implements AutoCloseable {
    private final ParquetFileReader file;
    private final List<Integer> rowGroups;
    private final int batchRows;
    private final List<ColumnLayout> decoded;
    private final RowFilter filter;
    private final VectorSchemaRoot decodeRoot;
    private final VectorSchemaRoot root;
    private final VersionParser.ParsedVersion writer;
    private int nextRowGroup;
    private List<ColumnDecoder> decoders;
    private long rowsLeftInGroup;

    ArrowBatchReader(
            ParquetFileReader file, QueryPlan plan, List<Integer> rowGroups, BufferAllocator allocator, int batchRows) {
        this.file = file;
        this.rowGroups = List.copyOf(rowGroups);
        this.batchRows = batchRows;
        this.filter = plan.filter();
        this.writer = writerVersion(file.getFileMetaData().getCreatedBy());
        Map<String, ColumnLayout> needed = new LinkedHashMap<>();
        plan.columns().forEach(column -> needed.put(column.name(), column));
        MessageType schema = file.getFileMetaData().getSchema();
        for (String column : filter.columns()) {
            needed.computeIfAbsent(column, name -> ColumnLayout.of(schema, name));
        }
        this.decoded = List.copyOf(needed.values());
        List<Field> fields = decoded.stream().map(ColumnLayout::field).toList();
        VectorSchemaRoot decodeRoot = VectorSchemaRoot.create(new Schema(fields), allocator);
        VectorSchemaRoot output = null;
        try {
            if (!filter.isEmpty()) {
                output = VectorSchemaRoot.create(plan.schema(), allocator);
            }
        } catch (RuntimeException e) {
            decodeRoot.close();
            throw e;
        }
        this.decodeRoot = decodeRoot;
        this.root = output != null ? output : decodeRoot;
    }

    private static VersionParser.ParsedVersion writerVersion(String createdBy) {
        try {
            return createdBy == null ? null : VersionParser.parse(createdBy);
        } catch (VersionParser.VersionParseException | RuntimeException e) {
            return null;
        }
    }

    /** The batch {@link #next()} fills. */
    VectorSchemaRoot root() {
        return root;
    }

    /**
     * Fills {@link #root()} with the next batch that has rows; false when the row groups are exhausted.
     * A batch holds rows of one row group only.
     */
    boolean next() throws IOException {
        while (true) {
            if (rowsLeftInGroup == 0 && !openNextRowGroup()) {
                return false;
            }
            int rows = (int) Math.min(batchRows, rowsLeftInGroup);
            rowsLeftInGroup -= rows;
            for (FieldVector vector : decodeRoot.getFieldVectors()) {
                vector.reset();
            }
            for (ColumnDecoder decoder : decoders) {
                decoder.read(rows);
            }
            decodeRoot.setRowCount(rows);
            if (filter.isEmpty()) {
                return true;
            }
            int[] selected = filter.select(decodeRoot, rows);
            if (selected.length > 0) {
                copyRows(selected);
                return true;
            }
        }
    }

    private boolean openNextRowGroup() throws IOException {
        if (nextRowGroup == rowGroups.size()) {
            return false;
        }
        int index = rowGroups.get(nextRowGroup++);
        PageReadStore pages = file.readRowGroup(index);
        if (pages == null) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT, "row group " + index + " is not in " + file.getFile());
        }
        List<ColumnDecoder> decoders = new ArrayList<>();
        for (ColumnLayout column : decoded) {
            decoders.add(ColumnDecoder.of(column, pages, decodeRoot.getVector(column.name()), writer));
        }
        this.decoders = decoders;
        this.rowsLeftInGroup = pages.getRowCount();
        return true;
    }

    private void copyRows(int[] selected) {
        for (FieldVector target : root.getFieldVectors()) {
            target.reset();
            ValueVector source = decodeRoot.getVector(target.getName());
            for (int i = 0; i < selected.length; i++) {
                target.copyFromSafe(selected[i], i, source);
            }
            target.setValueCount(selected.length);
        }
        root.setRowCount(selected.length);
    }

    @Override
    public void close() {
        if (root != decodeRoot) {
            root.close();
        }
        decodeRoot.close();
    }
}
