package io.tessera.flight;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema {@code DoPut} writes for an Arrow schema: the inverse of {@link ArrowTypes}, so a
 * dataset written over Flight reads back with the same Arrow schema. Decimals are written as 16-byte
 * fixed-length arrays, lists in the standard three-level layout. Anything else is refused naming the
 * column.
 */
final class ParquetSchemas {
    static final int DECIMAL_BYTES = 16;

    private ParquetSchemas() {}

    static MessageType of(Schema schema) {
        List<Type> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            fields.add(field(field, field.getName()));
        }
        return new MessageType("arrow_schema", fields);
    }

    private static Type field(Field field, String column) {
        Type.Repetition repetition = field.isNullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        ArrowType type = field.getType();
        if (type instanceof ArrowType.List) {
            Field element = field.getChildren().get(0);
            return Types.buildGroup(repetition)
                    .as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup()
                            .addField(primitive(element, "element", column))
                            .named("list"))
                    .named(field.getName());
        }
        if (type instanceof ArrowType.Struct) {
            Types.GroupBuilder<org.apache.parquet.schema.GroupType> group = Types.buildGroup(repetition);
            for (Field child : field.getChildren()) {
                group.addField(primitive(child, child.getName(), column));
            }
            return group.named(field.getName());
        }
        return primitive(field, field.getName(), column);
    }

    private static Type primitive(Field field, String name, String column) {
        Type.Repetition repetition = field.isNullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        ArrowType type = field.getType();
        return switch (type.getTypeID()) {
            case Bool -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case Int -> {
                ArrowType.Int integer = (ArrowType.Int) type;
                PrimitiveTypeName physical =
                        integer.getBitWidth() == 64 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.INT32;
                var builder = Types.primitive(physical, repetition);
                int physicalWidth = physical == PrimitiveTypeName.INT64 ? 64 : 32;
                if (integer.getBitWidth() != physicalWidth || !integer.getIsSigned()) {
                    builder = builder.as(LogicalTypeAnnotation.intType(integer.getBitWidth(), integer.getIsSigned()));
                }
                yield builder.named(name);
            }
            case FloatingPoint -> switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                case SINGLE -> Types.primitive(PrimitiveTypeName.FLOAT, repetition)
                        .named(name);
                case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition)
                        .named(name);
                default -> throw unsupported(column, type);
            };
            case Decimal -> {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                if (decimal.getBitWidth() != 128) {
                    throw unsupported(column, type);
                }
                yield Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                        .length(DECIMAL_BYTES)
                        .as(LogicalTypeAnnotation.decimalType(decimal.getScale(), decimal.getPrecision()))
                        .named(name);
            }
            case Date -> {
                if (((ArrowType.Date) type).getUnit() != org.apache.arrow.vector.types.DateUnit.DAY) {
                    throw unsupported(column, type);
                }
                yield Types.primitive(PrimitiveTypeName.INT32, repetition)
                        .as(LogicalTypeAnnotation.dateType())
                        .named(name);
            }
            case Timestamp -> {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                LogicalTypeAnnotation.TimeUnit unit =
                        switch (timestamp.getUnit()) {
                            case MILLISECOND -> LogicalTypeAnnotation.TimeUnit.MILLIS;
                            case MICROSECOND -> LogicalTypeAnnotation.TimeUnit.MICROS;
                            case NANOSECOND -> LogicalTypeAnnotation.TimeUnit.NANOS;
                            case SECOND -> throw unsupported(column, type);
                        };
                yield Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(timestamp.getTimezone() != null, unit))
                        .named(name);
            }
            case Utf8 -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(name);
            case Binary -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
            case FixedSizeBinary -> Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                    .length(((ArrowType.FixedSizeBinary) type).getByteWidth())
                    .named(name);
            default -> throw unsupported(column, type);
        };
    }

    private static TesseraException unsupported(String column, ArrowType type) {
        return new TesseraException(
                ErrorCode.INVALID_ARGUMENT,
                "column '" + column + "' has a type DoPut cannot write as Parquet: " + type);
    }
}
