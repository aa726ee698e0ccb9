package io.tessera.flight;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The Arrow type of a Parquet primitive, as pyarrow maps it: integers by their INT annotation (signed
 * or not), DATE to date32, TIMESTAMP to timestamp with its unit (zone "UTC" when adjusted to UTC),
 * INT96 to timestamp[ns], DECIMAL on any physical type to decimal128, STRING/ENUM/JSON to utf8 and plain
 * binary to binary.
 */
final class ArrowTypes {
    private ArrowTypes() {}

    /** Throws {@link IllegalArgumentException} naming what is not supported. */
    static ArrowType of(PrimitiveType type) {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
            if (decimal.getPrecision() > 38) {
                throw new IllegalArgumentException("decimal(" + decimal.getPrecision() + ") is wider than 38 digits");
            }
            return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
        }
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> plain(type, ArrowType.Bool.INSTANCE);
            case INT32 -> int32(type, annotation);
            case INT64 -> int64(type, annotation);
            case INT96 -> plain(type, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
            case FLOAT -> plain(type, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
            case DOUBLE -> plain(type, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
            case BINARY -> binary(type, annotation);
            case FIXED_LEN_BYTE_ARRAY -> plain(type, new ArrowType.FixedSizeBinary(type.getTypeLength()));
        };
    }

    private static ArrowType plain(PrimitiveType type, ArrowType arrow) {
        if (type.getLogicalTypeAnnotation() != null) {
            throw notSupported(type);
        }
        return arrow;
    }

    private static ArrowType int32(PrimitiveType type, LogicalTypeAnnotation annotation) {
        if (annotation == null) {
            return new ArrowType.Int(32, true);
        }
        if (annotation instanceof IntLogicalTypeAnnotation integer && integer.getBitWidth() <= 32) {
            return new ArrowType.Int(integer.getBitWidth(), integer.isSigned());
        }
        if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return new ArrowType.Date(DateUnit.DAY);
        }
        throw notSupported(type);
    }

    private static ArrowType int64(PrimitiveType type, LogicalTypeAnnotation annotation) {
        if (annotation == null) {
            return new ArrowType.Int(64, true);
        }
        if (annotation instanceof IntLogicalTypeAnnotation integer && integer.getBitWidth() == 64) {
            return new ArrowType.Int(64, integer.isSigned());
        }
        if (annotation instanceof TimestampLogicalTypeAnnotation timestamp) {
            TimeUnit unit =
                    switch (timestamp.getUnit()) {
                        case MILLIS -> TimeUnit.MILLISECOND;
                        case MICROS -> TimeUnit.MICROSECOND;
                        case NANOS -> TimeUnit.NANOSECOND;
                    };
            return new ArrowType.Timestamp(unit, timestamp.isAdjustedToUTC() ? "UTC" : null);
        }
        throw notSupported(type);
    }

    private static ArrowType binary(PrimitiveType type, LogicalTypeAnnotation annotation) {
        if (annotation == null) {
            return ArrowType.Binary.INSTANCE;
        }
        if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            return ArrowType.Utf8.INSTANCE;
        }
        throw notSupported(type);
    }

    private static IllegalArgumentException notSupported(PrimitiveType type) {
        return new IllegalArgumentException(
                type.getPrimitiveTypeName() + " annotated " + type.getLogicalTypeAnnotation() + " is not supported");
    }
}
