package io.tessera.flight;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.Text;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet files for the tests, written by parquet-hadoop's example Group API, and the oracle: the same
 * files read back through parquet-hadoop's record assembly (optionally with its own record filter),
 * both turned into rows of plain Java values comparable with what the Arrow decoder produced.
 */
final class ParquetFixtures {
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            """
            message t {
              required boolean b;
              optional int32 i8 (INTEGER(8,true));
              optional int32 i16 (INTEGER(16,true));
              required int32 i32;
              optional int64 i64;
              optional float f;
              optional double d;
              optional int32 dec32 (DECIMAL(9,2));
              optional fixed_len_byte_array(16) dec (DECIMAL(30,4));
              optional int32 day (DATE);
              optional int64 ts (TIMESTAMP(MICROS,true));
              optional int96 legacy_ts;
              optional binary s (STRING);
              optional binary bin;
              optional group tags (LIST) {
                repeated group list {
                  optional binary element (STRING);
                }
              }
              optional group point {
                required double x;
                optional double y;
              }
              repeated int32 counts;
            }
            """);

    private ParquetFixtures() {}

    /** Writes {@code rows} rows, row {@code r} having {@code i32 = r}, in row groups of {@code groupRows}. */
    static void write(OutputFile file, int rows, int groupRows, long seed) throws IOException {
        Random random = new Random(seed);
        SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupRowCountLimit(groupRows)
                .withPageRowCountLimit(300)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (int r = 0; r < rows; r++) {
                writer.write(row(factory, random, r));
            }
        }
    }

    static void write(OutputFile file, MessageType schema, List<Group> rows) throws IOException {
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Group row : rows) {
                writer.write(row);
            }
        }
    }

    static void write(Path path, int rows, int groupRows, long seed) throws IOException {
        write(new LocalOutputFile(path), rows, groupRows, seed);
    }

    private static Group row(SimpleGroupFactory factory, Random random, int r) {
        Group g = factory.newGroup();
        g.add("b", random.nextBoolean());
        maybe(random, () -> g.add("i8", random.nextInt(256) - 128));
        maybe(random, () -> g.add("i16", random.nextInt(65536) - 32768));
        g.add("i32", r);
        maybe(random, () -> g.add("i64", random.nextLong()));
        maybe(random, () -> g.add("f", random.nextFloat()));
        maybe(random, () -> g.add("d", random.nextDouble()));
        maybe(random, () -> g.add("dec32", random.nextInt(2_000_000_000) - 1_000_000_000));
        maybe(
                random,
                () -> g.add(
                        "dec",
                        Binary.fromConstantByteArray(
                                fixed16(new BigInteger(90, random).subtract(BigInteger.ONE.shiftLeft(89))))));
        maybe(random, () -> g.add("day", random.nextInt(40_000) - 10_000));
        maybe(random, () -> g.add("ts", random.nextLong() / 1000));
        maybe(
                random,
                () -> g.add(
                        "legacy_ts",
                        new NanoTime(2_440_588 + random.nextInt(30_000), random.nextLong(86_400_000_000_000L))));
        maybe(random, () -> g.add("s", r % 7 == 0 ? "x" : "s" + random.nextInt(1000)));
        maybe(random, () -> {
            byte[] bytes = new byte[random.nextInt(20)];
            random.nextBytes(bytes);
            g.add("bin", Binary.fromConstantByteArray(bytes));
        });
        maybe(random, () -> {
            Group tags = g.addGroup("tags");
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                Group element = tags.addGroup("list");
                if (random.nextInt(5) > 0) {
                    element.add("element", "t" + random.nextInt(10));
                }
            }
        });
        maybe(random, () -> {
            Group point = g.addGroup("point");
            point.add("x", random.nextGaussian());
            maybe(random, () -> point.add("y", random.nextGaussian()));
        });
        int counts = random.nextInt(3);
        for (int i = 0; i < counts; i++) {
            g.add("counts", random.nextInt(100));
        }
        return g;
    }

    private static byte[] fixed16(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[16];
        byte pad = (byte) (value.signum() < 0 ? 0xFF : 0);
        java.util.Arrays.fill(fixed, pad);
        System.arraycopy(bytes, 0, fixed, 16 - bytes.length, bytes.length);
        return fixed;
    }

    private static void maybe(Random random, Runnable action) {
        if (random.nextInt(10) > 0) {
            action.run();
        }
    }

    /** The oracle: rows through parquet-hadoop's record assembly, projected, with its record filter. */
    static List<List<Object>> readWithParquet(InputFile input, List<String> columns, FilterCompat.Filter filter)
            throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFiles.open(input)) {
            MessageType schema = reader.getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema), filter);
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group group = records.read();
                    if (group != null && !records.shouldSkipCurrentRecord()) {
                        rows.add(row(group, columns));
                    }
                }
            }
        }
        return rows;
    }

    private static List<Object> row(Group group, List<String> columns) {
        List<Object> row = new ArrayList<>();
        for (String column : columns) {
            row.add(field(group, column));
        }
        return row;
    }

    private static Object field(Group group, String name) {
        GroupType type = group.getType();
        Type field = type.getType(name);
        int count = group.getFieldRepetitionCount(name);
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(primitive(group, field.asPrimitiveType(), name, i));
            }
            return values;
        }
        if (count == 0) {
            return null;
        }
        if (field.isPrimitive()) {
            return primitive(group, field.asPrimitiveType(), name, 0);
        }
        Group child = group.getGroup(name, 0);
        if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < child.getFieldRepetitionCount(0); i++) {
                values.add(field(child.getGroup(0, i), "element"));
            }
            return values;
        }
        List<Object> values = new ArrayList<>();
        for (Type member : field.asGroupType().getFields()) {
            values.add(field(child, member.getName()));
        }
        return values;
    }

    private static Object primitive(Group group, PrimitiveType type, String name, int i) {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        int scale = annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal
                ? decimal.getScale()
                : -1;
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> group.getBoolean(name, i);
            case INT32 -> scale >= 0
                    ? BigDecimal.valueOf(group.getInteger(name, i), scale)
                    : (long) group.getInteger(name, i);
            case INT64 -> scale >= 0 ? BigDecimal.valueOf(group.getLong(name, i), scale) : group.getLong(name, i);
            case FLOAT -> (double) group.getFloat(name, i);
            case DOUBLE -> group.getDouble(name, i);
            case INT96 -> {
                NanoTime time = NanoTime.fromBinary(group.getInt96(name, i));
                yield (time.getJulianDay() - 2_440_588L) * 86_400_000_000_000L + time.getTimeOfDayNanos();
            }
            case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                byte[] bytes = group.getBinary(name, i).getBytes();
                if (scale >= 0) {
                    yield new BigDecimal(new BigInteger(bytes), scale);
                }
                yield annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                        : HexFormat.of().formatHex(bytes);
            }
        };
    }

    /** The rows of an Arrow batch as plain values, in the same shapes {@link #readWithParquet} uses. */
    static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.add(value(vector, r));
            }
            rows.add(row);
        }
        return rows;
    }

    static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof TimeStampVector timestamps) {
            return timestamps.get(row);
        }
        if (vector instanceof ListVector list) {
            List<Object> values = new ArrayList<>();
            for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
                values.add(value(list.getDataVector(), i));
            }
            return values;
        }
        if (vector instanceof StructVector struct) {
            List<Object> values = new ArrayList<>();
            for (FieldVector child : struct.getChildrenFromFields()) {
                values.add(value(child, row));
            }
            return values;
        }
        Object value = vector.getObject(row);
        if (value instanceof Text text) {
            return text.toString();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
