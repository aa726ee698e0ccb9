package io.tessera.flight;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet's write support for Arrow batches: a record is a row index into the current {@link
 * VectorSchemaRoot}, written field by field straight from the vectors (null fields are skipped, as
 * Parquet's record model wants).
 */
final class ArrowWriteSupport extends WriteSupport<Integer> {
    private final MessageType schema;
    private VectorSchemaRoot root;
    private RecordConsumer consumer;

    ArrowWriteSupport(MessageType schema) {
        this.schema = schema;
    }

    /** The batch whose rows the following {@code write} calls name. */
    void root(VectorSchemaRoot root) {
        this.root = root;
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Integer row) {
        consumer.startMessage();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int i = 0; i < vectors.size(); i++) {
            field(vectors.get(i), i, row);
        }
        consumer.endMessage();
    }

    private void field(FieldVector vector, int index, int row) {
        if (vector.isNull(row)) {
            return;
        }
        String name = vector.getName();
        consumer.startField(name, index);
        if (vector instanceof ListVector list) {
            list(list, row);
        } else if (vector instanceof StructVector struct) {
            consumer.startGroup();
            List<FieldVector> children = struct.getChildrenFromFields();
            for (int i = 0; i < children.size(); i++) {
                field(children.get(i), i, row);
            }
            consumer.endGroup();
        } else {
            value(vector, row);
        }
        consumer.endField(name, index);
    }

    private void list(ListVector list, int row) {
        consumer.startGroup();
        int start = list.getElementStartIndex(row);
        int end = list.getElementEndIndex(row);
        if (end > start) {
            consumer.startField("list", 0);
            FieldVector elements = list.getDataVector();
            for (int i = start; i < end; i++) {
                consumer.startGroup();
                if (!elements.isNull(i)) {
                    consumer.startField("element", 0);
                    value(elements, i);
                    consumer.endField("element", 0);
                }
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    private void value(FieldVector vector, int row) {
        if (vector instanceof BitVector bits) {
            consumer.addBoolean(bits.get(row) != 0);
        } else if (vector instanceof DecimalVector decimal) {
            consumer.addBinary(
                    Binary.fromConstantByteArray(fixed(decimal.getObject(row).unscaledValue())));
        } else if (vector instanceof DateDayVector dates) {
            consumer.addInteger(dates.get(row));
        } else if (vector instanceof TimeStampVector timestamps) {
            consumer.addLong(timestamps.get(row));
        } else if (vector instanceof BaseIntVector integers) {
            long value = integers.getValueAsLong(row);
            if (vector.getMinorType() == org.apache.arrow.vector.types.Types.MinorType.BIGINT
                    || vector.getMinorType() == org.apache.arrow.vector.types.Types.MinorType.UINT8) {
                consumer.addLong(value);
            } else {
                consumer.addInteger((int) value);
            }
        } else if (vector instanceof Float4Vector floats) {
            consumer.addFloat(floats.get(row));
        } else if (vector instanceof Float8Vector doubles) {
            consumer.addDouble(doubles.get(row));
        } else if (vector instanceof VarCharVector strings) {
            consumer.addBinary(Binary.fromConstantByteArray(strings.get(row)));
        } else if (vector instanceof VarBinaryVector binary) {
            consumer.addBinary(Binary.fromConstantByteArray(binary.get(row)));
        } else if (vector instanceof FixedSizeBinaryVector fixed) {
            consumer.addBinary(Binary.fromConstantByteArray(fixed.get(row)));
        } else {
            throw new IllegalStateException("no Parquet writer for " + vector.getField());
        }
    }

    /** A decimal's unscaled value as {@link ParquetSchemas#DECIMAL_BYTES} big-endian two's-complement bytes. */
    private static byte[] fixed(BigInteger unscaled) {
        byte[] bytes = unscaled.toByteArray();
        byte[] fixed = new byte[ParquetSchemas.DECIMAL_BYTES];
        java.util.Arrays.fill(fixed, (byte) (unscaled.signum() < 0 ? 0xFF : 0));
        System.arraycopy(bytes, 0, fixed, fixed.length - bytes.length, bytes.length);
        return fixed;
    }
}
