package io.tessera.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Decodes the records of one top-level column of a row group straight from Parquet's column readers
 * into an Arrow vector, reading definition and repetition levels itself: no record assembly, no boxing.
 * Each call appends the next {@code rows} records at slots {@code [0, rows)} of a freshly reset vector.
 */
abstract class ColumnDecoder {
    /** Column readers call a converter only when asked to; these never are. */
    private static final PrimitiveConverter UNUSED = new PrimitiveConverter() {};

    static ColumnDecoder of(
            ColumnLayout layout, PageReadStore pages, FieldVector vector, VersionParser.ParsedVersion writer) {
        List<ColumnReader> readers = new ArrayList<>();
        for (ColumnDescriptor leaf : layout.leaves()) {
            readers.add(new ColumnReaderImpl(leaf, pages.getPageReader(leaf), UNUSED, writer));
        }
        return switch (layout.shape()) {
            case PRIMITIVE -> new Primitive(readers.get(0), vector);
            case STRUCT -> new Struct(readers, (StructVector) vector, layout.structDefinition());
            case LIST -> new Repeated(readers.get(0), (ListVector) vector, layout.listDefinition());
        };
    }

    /** Reads the next {@code rows} records into slots {@code [0, rows)}. */
    abstract void read(int rows);

    static final class Primitive extends ColumnDecoder {
        private final ColumnReader reader;
        private final FieldVector vector;
        private final ValueWriter writer;
        private final int maxDefinition;

        Primitive(ColumnReader reader, FieldVector vector) {
            this.reader = reader;
            this.vector = vector;
            this.writer = ValueWriter.of(vector, reader.getDescriptor().getPrimitiveType());
            this.maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
        }

        @Override
        void read(int rows) {
            for (int row = 0; row < rows; row++) {
                if (reader.getCurrentDefinitionLevel() == maxDefinition) {
                    writer.write(reader, row);
                } else {
                    ValueWriter.setNull(vector, row);
                }
                reader.consume();
            }
            vector.setValueCount(rows);
        }
    }

    static final class Struct extends ColumnDecoder {
        private final List<ColumnReader> readers;
        private final StructVector vector;
        private final List<FieldVector> children;
        private final List<ValueWriter> writers = new ArrayList<>();
        private final int structDefinition;

        Struct(List<ColumnReader> readers, StructVector vector, int structDefinition) {
            this.readers = readers;
            this.vector = vector;
            this.children = vector.getChildrenFromFields();
            this.structDefinition = structDefinition;
            for (int i = 0; i < readers.size(); i++) {
                writers.add(ValueWriter.of(
                        children.get(i), readers.get(i).getDescriptor().getPrimitiveType()));
            }
        }

        @Override
        void read(int rows) {
            for (int row = 0; row < rows; row++) {
                if (readers.get(0).getCurrentDefinitionLevel() >= structDefinition) {
                    vector.setIndexDefined(row);
                } else {
                    vector.setNull(row);
                }
                for (int i = 0; i < readers.size(); i++) {
                    ColumnReader reader = readers.get(i);
                    if (reader.getCurrentDefinitionLevel()
                            == reader.getDescriptor().getMaxDefinitionLevel()) {
                        writers.get(i).write(reader, row);
                    } else {
                        ValueWriter.setNull(children.get(i), row);
                    }
                    reader.consume();
                }
            }
            vector.setValueCount(rows);
        }
    }

    /** A list of primitives: a record is a run of values that starts at repetition level 0. */
    static final class Repeated extends ColumnDecoder {
        private final ColumnReader reader;
        private final ListVector vector;
        private final FieldVector elements;
        private final ValueWriter writer;
        private final int listDefinition;
        private final int maxDefinition;
        private final long totalValues;
        private long valuesRead;

        Repeated(ColumnReader reader, ListVector vector, int listDefinition) {
            this.reader = reader;
            this.vector = vector;
            this.elements = vector.getDataVector();
            this.writer = ValueWriter.of(elements, reader.getDescriptor().getPrimitiveType());
            this.listDefinition = listDefinition;
            this.maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
            this.totalValues = reader.getTotalValueCount();
        }

        @Override
        void read(int rows) {
            for (int row = 0; row < rows; row++) {
                int definition = reader.getCurrentDefinitionLevel();
                if (definition < listDefinition) {
                    vector.setNull(row);
                    next();
                    continue;
                }
                int offset = vector.startNewValue(row);
                int count = 0;
                if (definition == listDefinition) {
                    next();
                } else {
                    do {
                        if (reader.getCurrentDefinitionLevel() == maxDefinition) {
                            writer.write(reader, offset + count);
                        } else {
                            ValueWriter.setNull(elements, offset + count);
                        }
                        count++;
                        next();
                    } while (valuesRead < totalValues && reader.getCurrentRepetitionLevel() > 0);
                }
                vector.endValue(row, count);
            }
            vector.setValueCount(rows);
        }

        private void next() {
            reader.consume();
            valuesRead++;
        }
    }
}
