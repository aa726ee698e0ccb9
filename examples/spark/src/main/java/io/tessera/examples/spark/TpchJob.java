package io.tessera.examples.spark;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * The example job: generates TPC-H at a scale factor, writes it as partitioned Parquet under a base URI, reads it
 * back and runs queries 1, 3, 6 and 14, printing each answer and its time.
 *
 * <pre>
 * TpchJob tessera://127.0.0.1:7100/warehouse/tpch 0.1
 * TpchJob hdfs://namenode:8020/warehouse/tpch 0.1
 * TpchJob file:///tmp/tpch 0.1
 * </pre>
 *
 * Any {@code spark.hadoop.*} system property reaches the file system's configuration, as with
 * {@code spark-submit --conf}.
 */
public final class TpchJob {
    /** What one run of the job did: generate-and-write time and every query's answer. */
    public record Result(String base, long writeNs, List<TpchQueries.Answer> answers) {}

    private TpchJob() {}

    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TpchJob BASE_URI [SCALE_FACTOR (default 0.01)]");
            System.exit(2);
        }
        double scaleFactor = args.length == 2 ? Double.parseDouble(args[1]) : 0.01;
        try (SparkSession spark = localSession("tessera-tpch", 2)) {
            Result result = run(spark, args[0], scaleFactor);
            System.out.printf(
                    "generated and wrote TPC-H SF %s under %s in %d ms%n",
                    scaleFactor, args[0], millis(result.writeNs()));
            for (TpchQueries.Answer answer : result.answers()) {
                System.out.printf("%s (%d ms)%n", answer.query(), millis(answer.elapsedNs()));
                answer.rows().forEach(row -> System.out.println("  " + row));
            }
            System.out.println(ScanLocality.describe(
                    ScanLocality.of(spark.read().parquet(TpchData.location(args[0], "lineitem")))));
        }
    }

    /**
     * A local-mode session with {@code cores} task slots, bound to the loopback address. Dates are {@code java.time.LocalDate}, and the
     * session time zone is UTC, so answers do not depend on the machine's zone.
     */
    public static SparkSession localSession(String name, int cores) {
        return SparkSession.builder()
                .appName(name)
                .master("local[" + cores + "]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", String.valueOf(2 * cores))
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    /** Generates and writes the tables, then runs the queries on what was written. */
    public static Result run(SparkSession spark, String base, double scaleFactor) {
        long start = System.nanoTime();
        TpchData.write(spark, base, scaleFactor, spark.sparkContext().defaultParallelism());
        long written = System.nanoTime() - start;
        return new Result(base, written, TpchQueries.run(spark, base));
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
