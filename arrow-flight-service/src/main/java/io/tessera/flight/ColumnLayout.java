package io.tessera.flight;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * How one top-level Parquet column maps to Arrow: its Arrow field and the Parquet leaves that hold its
 * values. Three shapes are decoded: a primitive, a struct of primitives, and a list of primitives
 * (the standard three-level LIST, the legacy two-level one, or a bare repeated primitive). Deeper
 * nesting and maps are refused with an error naming the column.
 *
 * @param listDefinition for a list, the definition level at which the list itself is present
 * @param structDefinition for a struct, the definition level at which the struct itself is present
 */
record ColumnLayout(
        String name,
        Shape shape,
        Field field,
        List<ColumnDescriptor> leaves,
        int listDefinition,
        int structDefinition) {

    enum Shape {
        PRIMITIVE,
        STRUCT,
        LIST
    }

    /** The layout of top-level column {@code name} of {@code schema}. */
    static ColumnLayout of(MessageType schema, String name) {
        if (!schema.containsField(name)) {
            throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "unknown column '" + name + "'");
        }
        Type type = schema.getType(name);
        if (type.isPrimitive()) {
            if (type.isRepetition(Type.Repetition.REPEATED)) {
                return list(schema, name, type, type, 0);
            }
            ColumnDescriptor leaf = schema.getColumnDescription(new String[] {name});
            return new ColumnLayout(name, Shape.PRIMITIVE, field(name, name, type), List.of(leaf), 0, 0);
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return listOf(schema, name, group);
        }
        if (annotation != null) {
            throw unsupported(name, "a group annotated " + annotation + " (maps are not supported)");
        }
        return struct(schema, name, group);
    }

    private static ColumnLayout listOf(MessageType schema, String name, GroupType list) {
        if (list.isRepetition(Type.Repetition.REPEATED) || list.getFieldCount() != 1) {
            throw unsupported(name, "a LIST group that is not the standard one-field layout");
        }
        int listDefinition = list.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0;
        Type repeated = list.getType(0);
        if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
            throw unsupported(name, "a LIST whose only field is not repeated");
        }
        if (repeated.isPrimitive()) {
            return list(schema, name, list, repeated, listDefinition);
        }
        GroupType element = repeated.asGroupType();
        if (element.getFieldCount() != 1 || !element.getType(0).isPrimitive()) {
            throw unsupported(name, "a list of groups (only lists of primitives are supported)");
        }
        return list(schema, name, list, element.getType(0), listDefinition);
    }

    private static ColumnLayout list(MessageType schema, String name, Type outer, Type element, int listDefinition) {
        ColumnDescriptor leaf = leafOf(schema, name);
        Field elementField = field(name, element.getName(), element);
        if (element.isRepetition(Type.Repetition.REPEATED)) {
            elementField = new Field(
                    element.getName(), FieldType.notNullable(elementField.getType()), elementField.getChildren());
        }
        boolean nullable = outer != element && outer.isRepetition(Type.Repetition.OPTIONAL);
        Field field = new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(elementField));
        return new ColumnLayout(name, Shape.LIST, field, List.of(leaf), listDefinition, 0);
    }

    private static ColumnLayout struct(MessageType schema, String name, GroupType group) {
        List<Field> children = new ArrayList<>();
        List<ColumnDescriptor> leaves = new ArrayList<>();
        for (Type child : group.getFields()) {
            if (!child.isPrimitive() || child.isRepetition(Type.Repetition.REPEATED)) {
                throw unsupported(name, "a struct with the nested or repeated field '" + child.getName() + "'");
            }
            children.add(field(name, child.getName(), child));
            leaves.add(schema.getColumnDescription(new String[] {name, child.getName()}));
        }
        boolean nullable = group.isRepetition(Type.Repetition.OPTIONAL);
        Field field = new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
        return new ColumnLayout(name, Shape.STRUCT, field, leaves, 0, nullable ? 1 : 0);
    }

    private static Field field(String column, String name, Type type) {
        try {
            return new Field(
                    name,
                    new FieldType(
                            !type.isRepetition(Type.Repetition.REQUIRED), ArrowTypes.of(type.asPrimitiveType()), null),
                    null);
        } catch (IllegalArgumentException e) {
            throw unsupported(column, e.getMessage());
        }
    }

    private static ColumnDescriptor leafOf(MessageType schema, String name) {
        for (ColumnDescriptor column : schema.getColumns()) {
            if (column.getPath()[0].equals(name)) {
                return column;
            }
        }
        throw unsupported(name, "a group without columns");
    }

    static TesseraException unsupported(String column, String what) {
        return new TesseraException(
                ErrorCode.INVALID_ARGUMENT, "column '" + column + "' has an unsupported type: " + what);
    }
}
