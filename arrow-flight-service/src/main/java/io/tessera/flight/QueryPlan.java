package io.tessera.flight;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * A {@link DatasetQuery} bound to one Parquet schema: the projected columns with their Arrow fields,
 * the result schema and the filter. Binding checks everything the query names, so a bad column or a
 * literal of the wrong type fails before any data moves.
 */
record QueryPlan(List<ColumnLayout> columns, Schema schema, RowFilter filter) {

    static QueryPlan bind(DatasetQuery query, MessageType schema) {
        List<String> names = query.columns();
        if (names == null) {
            names = schema.getFields().stream().map(Type::getName).toList();
        }
        List<ColumnLayout> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(ColumnLayout.of(schema, name));
        }
        RowFilter filter = RowFilter.bind(query.filter(), schema);
        return new QueryPlan(
                List.copyOf(columns),
                new Schema(columns.stream().map(ColumnLayout::field).toList()),
                filter);
    }

    /** The indices of the row groups whose statistics do not rule out every row. */
    List<Integer> rowGroups(List<BlockMetaData> blocks, MessageType schema) {
        FilterPredicate predicate = filter.pruningPredicate();
        List<BlockMetaData> kept = predicate == null
                ? blocks
                : RowGroupFilter.filterRowGroups(FilterCompat.get(predicate), blocks, schema);
        Map<BlockMetaData, Boolean> keep = new IdentityHashMap<>();
        kept.forEach(block -> keep.put(block, true));
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (keep.containsKey(blocks.get(i))) {
                indices.add(i);
            }
        }
        return indices;
    }
}
