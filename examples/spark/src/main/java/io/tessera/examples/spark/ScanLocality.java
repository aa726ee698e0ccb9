package io.tessera.examples.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Where Spark wants to run the scan tasks of a DataFrame: each partition of its file scan, the file ranges it
 * reads, and the hosts Spark prefers for it. Spark derives those hosts from the file system's block locations
 * (the top three by bytes, ignoring {@code localhost}); this is what a connector's
 * {@code getFileBlockLocations} has to get right for tasks to read local data.
 */
public final class ScanLocality {
    /** One byte range of one file. */
    public record FileRange(String path, long start, long length) {}

    /** One scan task: what it reads, and where Spark would like to run it. */
    public record ScanTask(int index, List<FileRange> ranges, List<String> preferredHosts) {}

    private ScanLocality() {}

    /** The scan tasks of the (first) file scan in the DataFrame's physical plan. */
    public static List<ScanTask> of(Dataset<Row> frame) {
        RDD<InternalRow> scan = fileScan(frame.queryExecution().executedPlan()).inputRDD();
        List<ScanTask> tasks = new ArrayList<>();
        for (Partition partition : scan.partitions()) {
            FilePartition files = (FilePartition) partition;
            List<FileRange> ranges = new ArrayList<>();
            for (PartitionedFile file : files.files()) {
                ranges.add(new FileRange(file.toPath().toString(), file.start(), file.length()));
            }
            List<String> hosts = CollectionConverters.asJava(scan.preferredLocations(partition));
            tasks.add(new ScanTask(partition.index(), ranges, List.copyOf(hosts)));
        }
        return tasks;
    }

    private static FileSourceScanExec fileScan(SparkPlan plan) {
        return CollectionConverters.asJava(plan.collectLeaves()).stream()
                .filter(FileSourceScanExec.class::isInstance)
                .map(FileSourceScanExec.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file scan in " + plan.treeString()));
    }

    static String describe(List<ScanTask> tasks) {
        long local = tasks.stream().filter(t -> !t.preferredHosts().isEmpty()).count();
        return local + " of " + tasks.size() + " scan tasks have preferred hosts "
                + Arrays.toString(tasks.stream()
                        .flatMap(t -> t.preferredHosts().stream())
                        .distinct()
                        .sorted()
                        .toArray());
    }
}
