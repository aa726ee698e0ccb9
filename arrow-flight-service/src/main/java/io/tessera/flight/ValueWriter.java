package io.tessera.flight;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Copies the current value of a Parquet column reader into slot {@code index} of an Arrow vector, with
 * no boxing: one writer per leaf, chosen once per row group from the vector's class and the physical
 * type.
 */
@FunctionalInterface
interface ValueWriter {
    long JULIAN_EPOCH_DAY = 2_440_588L;

    void write(ColumnReader reader, int index);

    static ValueWriter of(FieldVector vector, PrimitiveType type) {
        PrimitiveTypeName physical = type.getPrimitiveTypeName();
        if (vector instanceof DecimalVector decimal) {
            return switch (physical) {
                case INT32 -> (reader, index) -> decimal.setSafe(index, reader.getInteger());
                case INT64 -> (reader, index) -> decimal.setSafe(index, reader.getLong());
                default -> (reader, index) ->
                        decimal.setBigEndianSafe(index, reader.getBinary().getBytesUnsafe());
            };
        }
        if (vector instanceof TimeStampVector timestamp) {
            if (physical == PrimitiveTypeName.INT96) {
                return (reader, index) -> timestamp.setSafe(index, int96Nanos(reader.getBinary()));
            }
            return (reader, index) -> timestamp.setSafe(index, reader.getLong());
        }
        if (vector instanceof BaseVariableWidthVector variable) {
            return (reader, index) -> {
                ByteBuffer value = reader.getBinary().toByteBuffer();
                variable.setSafe(index, value, value.position(), value.remaining());
            };
        }
        return fixedWidth(vector);
    }

    private static ValueWriter fixedWidth(FieldVector vector) {
        if (vector instanceof BitVector bits) {
            return (reader, index) -> bits.setSafe(index, reader.getBoolean() ? 1 : 0);
        }
        if (vector instanceof TinyIntVector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof SmallIntVector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof IntVector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof BigIntVector v) {
            return (reader, index) -> v.setSafe(index, reader.getLong());
        }
        if (vector instanceof UInt1Vector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof UInt2Vector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof UInt4Vector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof UInt8Vector v) {
            return (reader, index) -> v.setSafe(index, reader.getLong());
        }
        if (vector instanceof DateDayVector v) {
            return (reader, index) -> v.setSafe(index, reader.getInteger());
        }
        if (vector instanceof Float4Vector v) {
            return (reader, index) -> v.setSafe(index, reader.getFloat());
        }
        if (vector instanceof Float8Vector v) {
            return (reader, index) -> v.setSafe(index, reader.getDouble());
        }
        if (vector instanceof FixedSizeBinaryVector v) {
            return (reader, index) -> v.setSafe(index, reader.getBinary().getBytesUnsafe());
        }
        throw new IllegalStateException("no Parquet decoder for " + vector.getField());
    }

    /** Marks slot {@code index} null (and makes room for it). */
    static void setNull(FieldVector vector, int index) {
        if (vector instanceof BaseFixedWidthVector fixed) {
            fixed.setNull(index);
        } else if (vector instanceof BaseVariableWidthVector variable) {
            variable.setNull(index);
        } else {
            throw new IllegalStateException("no null setter for " + vector.getField());
        }
    }

    /** An INT96 timestamp (nanoseconds of the day, then the Julian day, little-endian) in epoch nanoseconds. */
    static long int96Nanos(Binary value) {
        ByteBuffer buffer = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buffer.getLong(buffer.position());
        long julianDay = Integer.toUnsignedLong(buffer.getInt(buffer.position() + 8));
        return (julianDay - JULIAN_EPOCH_DAY) * TimeUnit.DAYS.toNanos(1) + nanosOfDay;
    }
}
