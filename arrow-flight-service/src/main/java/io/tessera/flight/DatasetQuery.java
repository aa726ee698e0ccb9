package io.tessera.flight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What a client asks of a dataset: a path, the columns to return (all when absent) and a conjunction of
 * comparisons rows must pass. The JSON form is the command descriptor of SPEC.md:
 *
 * <pre>{"path": "/warehouse/t", "columns": ["a", "b"], "filter": [["a", "&gt;=", 10], ["b", "=", "x"]]}</pre>
 *
 * @param columns null for every column, in the file's order
 */
public record DatasetQuery(String path, List<String> columns, List<Comparison> filter) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("path", "columns", "filter");

    public DatasetQuery {
        filter = List.copyOf(filter);
        columns = columns == null ? null : List.copyOf(columns);
    }

    public static DatasetQuery ofPath(String path) {
        return new DatasetQuery(path, null, List.of());
    }

    /** One comparison: {@code column op value}, where the value is a JSON number, string or boolean. */
    public record Comparison(String column, Operator op, JsonNode value) {}

    public enum Operator {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Operator of(String symbol) {
            for (Operator op : values()) {
                if (op.symbol.equals(symbol) || (op == EQ && symbol.equals("=="))) {
                    return op;
                }
            }
            throw invalid("unknown operator '" + symbol + "' (use =, !=, <, <=, >, >=)");
        }

        /** Whether {@code comparison} (the sign of value versus literal) passes. */
        boolean test(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }

    /** Parses a command descriptor; every mistake is {@link ErrorCode#INVALID_ARGUMENT} saying what is wrong. */
    public static DatasetQuery parse(byte[] command) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(command, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw invalid("the command is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("the command must be a JSON object with \"path\", and optionally \"columns\" and \"filter\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw invalid("unknown key \"" + name + "\" in the command (expected path, columns, filter)");
            }
        }
        JsonNode path = root.get("path");
        if (path == null || !path.isTextual() || path.asText().isEmpty()) {
            throw invalid("the command needs \"path\": a non-empty string");
        }
        return new DatasetQuery(path.asText(), columns(root.get("columns")), filter(root.get("filter")));
    }

    private static List<String> columns(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid("\"columns\" must be an array of column names");
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode column : node) {
            if (!column.isTextual()) {
                throw invalid("\"columns\" must be an array of column names, not " + column);
            }
            if (columns.contains(column.asText())) {
                throw invalid("column '" + column.asText() + "' is asked for twice");
            }
            columns.add(column.asText());
        }
        return columns;
    }

    private static List<Comparison> filter(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("\"filter\" must be an array of [column, operator, value] triples");
        }
        List<Comparison> filter = new ArrayList<>();
        for (JsonNode term : node) {
            if (!term.isArray()
                    || term.size() != 3
                    || !term.get(0).isTextual()
                    || !term.get(1).isTextual()
                    || !term.get(2).isValueNode()
                    || term.get(2).isNull()) {
                throw invalid("each filter term must be [column, operator, value] with a non-null value, not " + term);
            }
            filter.add(
                    new Comparison(term.get(0).asText(), Operator.of(term.get(1).asText()), term.get(2)));
        }
        return filter;
    }

    /** The JSON command for this query. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("path", path);
        if (columns != null) {
            ArrayNode array = root.putArray("columns");
            columns.forEach(array::add);
        }
        if (!filter.isEmpty()) {
            ArrayNode terms = root.putArray("filter");
            for (Comparison comparison : filter) {
                ArrayNode term = terms.addArray();
                term.add(comparison.column());
                term.add(comparison.op().symbol());
                term.add(comparison.value());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same query on another path: a dataset's query applied to each of its files. */
    DatasetQuery withPath(String file) {
        return new DatasetQuery(file, columns, filter);
    }

    static TesseraException invalid(String message) {
        return new TesseraException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
