package io.tessera.flight;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.flight.DatasetQuery.Comparison;
import io.tessera.flight.DatasetQuery.Operator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A query's filter bound to one file's schema: every term checked against its column's type once, then
 * used twice — as a Parquet predicate that prunes row groups by their statistics, and row by row on the
 * decoded Arrow vectors. A null value passes no comparison (SQL's rule), {@code !=} included. Strings
 * compare as UTF-8 bytes, unsigned, the order Parquet's statistics use.
 */
final class RowFilter {
    private final List<Term> terms;

    private RowFilter(List<Term> terms) {
        this.terms = terms;
    }

    static RowFilter bind(List<Comparison> comparisons, MessageType schema) {
        List<Term> terms = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            terms.add(Term.bind(comparison, schema));
        }
        return new RowFilter(terms);
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The columns the filter reads. */
    List<String> columns() {
        return terms.stream().map(term -> term.column).distinct().toList();
    }

    /** The Parquet predicate of the terms statistics can judge; null when none can. */
    FilterPredicate pruningPredicate() {
        FilterPredicate predicate = null;
        for (Term term : terms) {
            FilterPredicate one = term.pruning;
            if (one != null) {
                predicate = predicate == null ? one : FilterApi.and(predicate, one);
            }
        }
        return predicate;
    }

    /** The rows of {@code [0, rows)} of {@code root} that pass every term, in order. */
    int[] select(VectorSchemaRoot root, int rows) {
        RowTest[] tests = new RowTest[terms.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = terms.get(i).bind(root.getVector(terms.get(i).column));
        }
        int[] selected = new int[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            boolean pass = true;
            for (int i = 0; i < tests.length && pass; i++) {
                pass = tests[i].test(row);
            }
            if (pass) {
                selected[count++] = row;
            }
        }
        return Arrays.copyOf(selected, count);
    }

    @FunctionalInterface
    interface RowTest {
        boolean test(int row);
    }

    /** One comparison bound to its column: the literal converted once to the column's representation. */
    private static final class Term {
        final String column;
        final Operator op;
        final Kind kind;
        final Object literal;
        final FilterPredicate pruning;

        enum Kind {
            INTEGER,
            FLOATING,
            DECIMAL,
            BYTES,
            BOOLEAN
        }

        private Term(String column, Operator op, Kind kind, Object literal, FilterPredicate pruning) {
            this.column = column;
            this.op = op;
            this.kind = kind;
            this.literal = literal;
            this.pruning = pruning;
        }

        static Term bind(Comparison comparison, MessageType schema) {
            String column = comparison.column();
            ColumnLayout layout;
            try {
                layout = ColumnLayout.of(schema, column);
            } catch (io.tessera.common.TesseraException e) {
                throw DatasetQuery.invalid("filter on column '" + column + "': " + e.getMessage());
            }
            if (layout.shape() != ColumnLayout.Shape.PRIMITIVE) {
                throw DatasetQuery.invalid(
                        "filter on column '" + column + "': only primitive columns can be filtered, it is a "
                                + layout.shape().name().toLowerCase());
            }
            PrimitiveType parquet = layout.leaves().get(0).getPrimitiveType();
            ArrowType arrow = layout.field().getType();
            JsonNode value = comparison.value();
            Operator op = comparison.op();
            return switch (arrow.getTypeID()) {
                case Int -> integer(column, op, (ArrowType.Int) arrow, parquet, value);
                case FloatingPoint -> floating(column, op, parquet, value);
                case Decimal -> decimal(column, op, (ArrowType.Decimal) arrow, parquet, value);
                case Utf8, Binary -> bytes(column, op, parquet, value);
                case Bool -> bool(column, op, value);
                case Date -> date(column, op, value);
                case Timestamp -> timestamp(column, op, (ArrowType.Timestamp) arrow, parquet, value);
                default -> throw wrongType(column, arrow, "no filter support for this type", value);
            };
        }

        private static Term integer(String column, Operator op, ArrowType.Int type, PrimitiveType parquet, JsonNode v) {
            if (!type.getIsSigned()) {
                throw wrongType(column, type, "filters on unsigned integers are not supported", v);
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw wrongType(column, type, "expects an integer", v);
            }
            long literal = v.asLong();
            return new Term(column, op, Kind.INTEGER, literal, physical(column, op, parquet, literal));
        }

        private static Term floating(String column, Operator op, PrimitiveType parquet, JsonNode v) {
            if (!v.isNumber()) {
                throw wrongType(column, parquet, "expects a number", v);
            }
            double literal = v.asDouble();
            FilterPredicate pruning = null;
            if (parquet.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
                pruning = compare(FilterApi.doubleColumn(column), op, literal);
            } else if ((double) (float) literal == literal) {
                pruning = compare(FilterApi.floatColumn(column), op, (float) literal);
            }
            return new Term(column, op, Kind.FLOATING, literal, pruning);
        }

        private static Term decimal(
                String column, Operator op, ArrowType.Decimal type, PrimitiveType parquet, JsonNode v) {
            BigDecimal literal;
            try {
                literal = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.asText()) : null;
            } catch (NumberFormatException e) {
                literal = null;
            }
            if (literal == null) {
                throw wrongType(column, type, "expects a number", v);
            }
            FilterPredicate pruning = null;
            if (literal.scale() <= type.getScale()) {
                BigDecimal unscaled =
                        new BigDecimal(literal.setScale(type.getScale()).unscaledValue());
                if (unscaled.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                    pruning = physical(column, op, parquet, unscaled.longValueExact());
                }
            }
            return new Term(column, op, Kind.DECIMAL, literal, pruning);
        }

        private static Term bytes(String column, Operator op, PrimitiveType parquet, JsonNode v) {
            if (!v.isTextual()) {
                throw wrongType(column, parquet, "expects a string", v);
            }
            byte[] literal = v.asText().getBytes(StandardCharsets.UTF_8);
            return new Term(
                    column,
                    op,
                    Kind.BYTES,
                    literal,
                    compare(FilterApi.binaryColumn(column), op, Binary.fromConstantByteArray(literal)));
        }

        private static Term bool(String column, Operator op, JsonNode v) {
            if (!v.isBoolean()) {
                throw wrongType(column, ArrowType.Bool.INSTANCE, "expects true or false", v);
            }
            boolean literal = v.asBoolean();
            FilterPredicate pruning = null;
            if (op == Operator.EQ) {
                pruning = FilterApi.eq(FilterApi.booleanColumn(column), literal);
            } else if (op == Operator.NE) {
                pruning = FilterApi.notEq(FilterApi.booleanColumn(column), literal);
            }
            return new Term(column, op, Kind.BOOLEAN, literal, pruning);
        }

        private static Term date(String column, Operator op, JsonNode v) {
            long days;
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                days = v.asInt();
            } else if (v.isTextual()) {
                try {
                    days = LocalDate.parse(v.asText()).toEpochDay();
                } catch (DateTimeParseException e) {
                    throw wrongType(column, "date32", "expects a date like \"2024-01-31\" or days since 1970", v);
                }
            } else {
                throw wrongType(column, "date32", "expects a date like \"2024-01-31\" or days since 1970", v);
            }
            return new Term(column, op, Kind.INTEGER, days, compare(FilterApi.intColumn(column), op, (int) days));
        }

        private static Term timestamp(
                String column, Operator op, ArrowType.Timestamp type, PrimitiveType parquet, JsonNode v) {
            long value;
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                value = v.asLong();
            } else if (v.isTextual()) {
                value = toUnit(instant(column, type, v), type.getUnit());
            } else {
                throw wrongType(column, type, "expects an ISO-8601 timestamp or a number in the column's unit", v);
            }
            FilterPredicate pruning = parquet.getPrimitiveTypeName() == PrimitiveTypeName.INT64
                    ? compare(FilterApi.longColumn(column), op, value)
                    : null;
            return new Term(column, op, Kind.INTEGER, value, pruning);
        }

        private static Instant instant(String column, ArrowType.Timestamp type, JsonNode v) {
            String text = v.asText();
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException again) {
                    throw wrongType(column, type, "expects an ISO-8601 timestamp like \"2024-01-31T12:00:00\"", v);
                }
            }
        }

        private static long toUnit(Instant instant, org.apache.arrow.vector.types.TimeUnit unit) {
            long seconds = instant.getEpochSecond();
            long nanos = instant.getNano();
            return switch (unit) {
                case SECOND -> seconds;
                case MILLISECOND -> seconds * 1_000 + nanos / 1_000_000;
                case MICROSECOND -> seconds * 1_000_000 + nanos / 1_000;
                case NANOSECOND -> seconds * 1_000_000_000 + nanos;
            };
        }

        /** A predicate on an INT32 or INT64 column's physical values, or null when the value does not fit. */
        private static FilterPredicate physical(String column, Operator op, PrimitiveType parquet, long value) {
            if (parquet.getPrimitiveTypeName() == PrimitiveTypeName.INT64) {
                return compare(FilterApi.longColumn(column), op, value);
            }
            if (parquet.getPrimitiveTypeName() == PrimitiveTypeName.INT32
                    && value >= Integer.MIN_VALUE
                    && value <= Integer.MAX_VALUE) {
                return compare(FilterApi.intColumn(column), op, (int) value);
            }
            return null;
        }

        private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
                FilterPredicate compare(C column, Operator op, T value) {
            return switch (op) {
                case EQ -> FilterApi.eq(column, value);
                case NE -> FilterApi.notEq(column, value);
                case LT -> FilterApi.lt(column, value);
                case LE -> FilterApi.ltEq(column, value);
                case GT -> FilterApi.gt(column, value);
                case GE -> FilterApi.gtEq(column, value);
            };
        }

        private static io.tessera.common.TesseraException wrongType(
                String column, Object type, String expectation, JsonNode value) {
            return DatasetQuery.invalid(
                    "filter on column '" + column + "' (" + type + ") " + expectation + ", got " + value);
        }

        RowTest bind(FieldVector vector) {
            return switch (kind) {
                case INTEGER -> integerTest(vector, (Long) literal);
                case FLOATING -> {
                    double value = (Double) literal;
                    if (vector instanceof Float4Vector floats) {
                        yield row -> !floats.isNull(row) && op.test(Double.compare(floats.get(row), value));
                    }
                    Float8Vector doubles = (Float8Vector) vector;
                    yield row -> !doubles.isNull(row) && op.test(Double.compare(doubles.get(row), value));
                }
                case DECIMAL -> {
                    DecimalVector decimals = (DecimalVector) vector;
                    BigDecimal value = (BigDecimal) literal;
                    yield row -> !decimals.isNull(row)
                            && op.test(decimals.getObject(row).compareTo(value));
                }
                case BYTES -> {
                    byte[] value = (byte[]) literal;
                    if (vector instanceof VarCharVector strings) {
                        yield row -> !strings.isNull(row) && op.test(Arrays.compareUnsigned(strings.get(row), value));
                    }
                    VarBinaryVector binary = (VarBinaryVector) vector;
                    yield row -> !binary.isNull(row) && op.test(Arrays.compareUnsigned(binary.get(row), value));
                }
                case BOOLEAN -> {
                    BitVector bits = (BitVector) vector;
                    boolean value = (Boolean) literal;
                    yield row -> !bits.isNull(row) && op.test(Boolean.compare(bits.get(row) != 0, value));
                }
            };
        }

        private RowTest integerTest(FieldVector vector, long value) {
            if (vector instanceof DateDayVector dates) {
                return row -> !dates.isNull(row) && op.test(Long.compare(dates.get(row), value));
            }
            if (vector instanceof TimeStampVector timestamps) {
                return row -> !timestamps.isNull(row) && op.test(Long.compare(timestamps.get(row), value));
            }
            BaseIntVector integers = (BaseIntVector) vector;
            return row -> !vector.isNull(row) && op.test(Long.compare(integers.getValueAsLong(row), value));
        }
    }
}
