package io.tessera.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowBatchReaderTest {
    private static final int ROWS = 5_000;
    private static final int GROUP_ROWS = 1_000;

    @TempDir
    static Path dir;

    private static Path file;
    private static List<String> allColumns;
    private final BufferAllocator allocator = new RootAllocator();

    @BeforeAll
    static void writeFile() throws IOException {
        file = dir.resolve("t.parquet");
        ParquetFixtures.write(file, ROWS, GROUP_ROWS, 42);
        allColumns =
                ParquetFixtures.SCHEMA.getFields().stream().map(Type::getName).toList();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails the test on any leaked buffer
    }

    @Test
    void shouldDecodeEveryColumnAsParquetHadoopReadsIt() throws IOException {
        List<List<Object>> arrow = read(DatasetQuery.ofPath("/t"), 700);
        assertEquals(ParquetFixtures.readWithParquet(input(), allColumns, FilterCompat.NOOP), arrow);
        assertEquals(ROWS, arrow.size());
    }

    @Test
    void shouldMapParquetTypesToArrowTypesAsPyarrowDoes() throws IOException {
        try (ParquetFileReader reader = ParquetFiles.open(input())) {
            QueryPlan plan = QueryPlan.bind(
                    DatasetQuery.ofPath("/t"), reader.getFileMetaData().getSchema());
            assertEquals(new ArrowType.Int(8, true), type(plan, "i8"));
            assertEquals(new ArrowType.Decimal(30, 4, 128), type(plan, "dec"));
            assertEquals(
                    new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC"),
                    type(plan, "ts"));
            assertEquals(ArrowType.Utf8.INSTANCE, type(plan, "s"));
            assertEquals(ArrowType.List.INSTANCE, type(plan, "tags"));
            assertEquals(ArrowType.Struct.INSTANCE, type(plan, "point"));
            assertTrue(!plan.schema().findField("b").isNullable()
                    && plan.schema().findField("i8").isNullable());
        }
    }

    @Test
    void shouldProjectColumnsInTheOrderAskedFor() throws IOException {
        List<String> columns = List.of("point", "s", "i64", "tags");
        List<List<Object>> arrow = read(new DatasetQuery("/t", columns, List.of()), 4096);
        assertEquals(ParquetFixtures.readWithParquet(input(), columns, FilterCompat.NOOP), arrow);
    }

    @Test
    void shouldFilterRowsLikeParquetsRecordFilter() throws IOException {
        List<String> columns = List.of("i32", "d", "s", "tags");
        DatasetQuery query = DatasetQuery.parse(
                "{\"path\": \"/t\", \"columns\": [\"s\", \"tags\"], \"filter\": [[\"i32\", \">=\", 1500], [\"d\", \"<\", 0.5], [\"s\", \"=\", \"x\"]]}"
                        .getBytes(StandardCharsets.UTF_8));
        FilterCompat.Filter oracle = FilterCompat.get(FilterApi.and(
                FilterApi.and(
                        FilterApi.gtEq(FilterApi.intColumn("i32"), 1500),
                        FilterApi.lt(FilterApi.doubleColumn("d"), 0.5)),
                FilterApi.eq(FilterApi.binaryColumn("s"), Binary.fromString("x"))));
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> row : ParquetFixtures.readWithParquet(input(), columns, oracle)) {
            expected.add(row.subList(2, 4));
        }
        List<List<Object>> arrow = read(query, 333);
        assertEquals(expected, arrow);
        assertTrue(arrow.size() > 50, "the filter should keep some rows: " + arrow.size());
    }

    @Test
    void shouldPruneRowGroupsByStatistics() throws IOException {
        try (ParquetFileReader reader = ParquetFiles.open(input())) {
            var schema = reader.getFileMetaData().getSchema();
            QueryPlan plan = QueryPlan.bind(
                    DatasetQuery.parse("{\"path\":\"/t\",\"filter\":[[\"i32\",\">=\",2500],[\"i32\",\"<\",3100]]}"
                            .getBytes(StandardCharsets.UTF_8)),
                    schema);
            assertEquals(List.of(2, 3), plan.rowGroups(reader.getRowGroups(), schema));
            QueryPlan none = QueryPlan.bind(
                    DatasetQuery.parse(
                            "{\"path\":\"/t\",\"filter\":[[\"i32\",\"<\",0]]}".getBytes(StandardCharsets.UTF_8)),
                    schema);
            assertEquals(List.of(), none.rowGroups(reader.getRowGroups(), schema));
        }
    }

    @Test
    void shouldRefuseBadQueriesNamingWhatIsWrong() {
        assertInvalid("unknown column 'nope'", new DatasetQuery("/t", List.of("nope"), List.of()));
        assertInvalid(
                "filter on column 'i32' (Int(32, true)) expects an integer, got \"ten\"",
                query("{\"path\":\"/t\",\"filter\":[[\"i32\",\">=\",\"ten\"]]}"));
        assertInvalid(
                "filter on column 'tags': only primitive columns can be filtered",
                query("{\"path\":\"/t\",\"filter\":[[\"tags\",\"=\",\"a\"]]}"));
        assertInvalid(
                "filter on column 'day' (date32) expects a date",
                query("{\"path\":\"/t\",\"filter\":[[\"day\",\"<\",\"yesterday\"]]}"));
    }

    @Test
    void shouldParseCommandsStrictly() {
        assertParseError("the command is not JSON", "{\"path\": ");
        assertParseError("the command needs \"path\"", "{\"columns\": [\"a\"]}");
        assertParseError("unknown key \"colums\"", "{\"path\": \"/t\", \"colums\": [\"a\"]}");
        assertParseError("unknown operator '=>'", "{\"path\": \"/t\", \"filter\": [[\"a\", \"=>\", 1]]}");
        assertParseError("each filter term must be", "{\"path\": \"/t\", \"filter\": [[\"a\", \"=\"]]}");
        DatasetQuery query = query("{\"path\":\"/t\",\"columns\":[\"a\"],\"filter\":[[\"a\",\">=\",10]]}");
        assertEquals(query, DatasetQuery.parse(query.toJson()));
    }

    @Test
    void shouldNameTheColumnOfAnUnsupportedType(@TempDir Path mapDir) throws IOException {
        var schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message m { required int32 id; optional group attrs (MAP) { repeated group key_value {"
                        + " required binary key (STRING); optional int32 value; } } }");
        Path mapFile = mapDir.resolve("m.parquet");
        ParquetFixtures.write(
                new org.apache.parquet.io.LocalOutputFile(mapFile),
                schema,
                List.of(new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema)
                        .newGroup()
                        .append("id", 7)));
        try (ParquetFileReader reader = ParquetFiles.open(new LocalInputFile(mapFile))) {
            var parquet = reader.getFileMetaData().getSchema();
            TesseraException e =
                    assertThrows(TesseraException.class, () -> QueryPlan.bind(DatasetQuery.ofPath("/m"), parquet));
            assertTrue(e.getMessage().startsWith("column 'attrs' has an unsupported type"), e.getMessage());
            QueryPlan plan = QueryPlan.bind(new DatasetQuery("/m", List.of("id"), List.of()), parquet);
            try (ArrowBatchReader batches = new ArrowBatchReader(reader, plan, List.of(0), allocator, 100)) {
                assertTrue(batches.next());
                assertEquals(List.of(List.of(7L)), ParquetFixtures.rows(batches.root()));
            }
        }
    }

    private static DatasetQuery query(String json) {
        return DatasetQuery.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertParseError(String expected, String json) {
        TesseraException e = assertThrows(TesseraException.class, () -> query(json));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private void assertInvalid(String expected, DatasetQuery query) {
        TesseraException e = assertThrows(TesseraException.class, () -> read(query, 100));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    private static ArrowType type(QueryPlan plan, String column) {
        return plan.schema().findField(column).getType();
    }

    private static LocalInputFile input() {
        return new LocalInputFile(file);
    }

    private List<List<Object>> read(DatasetQuery query, int batchRows) throws IOException {
        try (ParquetFileReader reader = ParquetFiles.open(input())) {
            var schema = reader.getFileMetaData().getSchema();
            QueryPlan plan = QueryPlan.bind(query, schema);
            List<List<Object>> rows = new ArrayList<>();
            try (ArrowBatchReader batches = new ArrowBatchReader(
                    reader, plan, plan.rowGroups(reader.getRowGroups(), schema), allocator, batchRows)) {
                while (batches.next()) {
                    assertTrue(batches.root().getRowCount() <= batchRows);
                    rows.addAll(ParquetFixtures.rows(batches.root()));
                }
            }
            return rows;
        }
    }
}
