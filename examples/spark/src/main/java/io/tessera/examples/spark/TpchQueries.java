package io.tessera.examples.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * TPC-H queries 1, 3, 6 and 14 in Spark SQL, with the specification's validation parameters. Query 3 breaks
 * ties of its {@code order by} on the order key, so its top 10 are the same rows on every run.
 */
public final class TpchQueries {
    /** A query's answer, each row as Spark prints it, and how long it took. */
    public record Answer(String query, List<String> rows, long elapsedNs) {}

    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put(
                "Q1",
                """
                select l_returnflag, l_linestatus,
                       sum(l_quantity) as sum_qty,
                       sum(l_extendedprice) as sum_base_price,
                       sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
                       sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
                       avg(l_quantity) as avg_qty,
                       avg(l_extendedprice) as avg_price,
                       avg(l_discount) as avg_disc,
                       count(*) as count_order
                from lineitem
                where l_shipdate <= date '1998-12-01' - interval '90' day
                group by l_returnflag, l_linestatus
                order by l_returnflag, l_linestatus""");
        QUERIES.put(
                "Q3",
                """
                select l_orderkey,
                       sum(l_extendedprice * (1 - l_discount)) as revenue,
                       o_orderdate, o_shippriority
                from customer, orders, lineitem
                where c_mktsegment = 'BUILDING'
                  and c_custkey = o_custkey
                  and l_orderkey = o_orderkey
                  and o_orderdate < date '1995-03-15'
                  and l_shipdate > date '1995-03-15'
                group by l_orderkey, o_orderdate, o_shippriority
                order by revenue desc, o_orderdate, l_orderkey
                limit 10""");
        QUERIES.put(
                "Q6",
                """
                select sum(l_extendedprice * l_discount) as revenue
                from lineitem
                where l_shipdate >= date '1994-01-01'
                  and l_shipdate < date '1994-01-01' + interval '1' year
                  and l_discount between 0.06 - 0.01 and 0.06 + 0.01
                  and l_quantity < 24""");
        QUERIES.put(
                "Q14",
                """
                select 100.00 * sum(case when p_type like 'PROMO%'
                                         then l_extendedprice * (1 - l_discount) else 0 end)
                       / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
                from lineitem, part
                where l_partkey = p_partkey
                  and l_shipdate >= date '1995-09-01'
                  and l_shipdate < date '1995-09-01' + interval '1' month""");
    }

    private TpchQueries() {}

    /** Registers the tables under {@code base} as temporary views, replacing earlier ones of the session. */
    public static void registerTables(SparkSession spark, String base) {
        for (String table : TpchData.TABLES.keySet()) {
            spark.read().parquet(TpchData.location(base, table)).createOrReplaceTempView(table);
        }
    }

    /** Runs every query against the tables of {@code base}, in order. */
    public static List<Answer> run(SparkSession spark, String base) {
        registerTables(spark, base);
        List<Answer> answers = new ArrayList<>();
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            long start = System.nanoTime();
            List<Row> rows = spark.sql(query.getValue()).collectAsList();
            long elapsed = System.nanoTime() - start;
            answers.add(
                    new Answer(query.getKey(), rows.stream().map(Row::toString).toList(), elapsed));
        }
        return answers;
    }
}
