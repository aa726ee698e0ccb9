package io.tessera.examples.flink;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The example job: counts the words of every text file under an input URI and writes {@code word<TAB>count}
 * lines under an output URI. Both go through Flink's file systems, so a {@code tessera://} URI reaches the
 * Tessera connector through Flink's Hadoop fallback ({@code flink-hadoop-fs} with the connector jar on the
 * class path), exactly as {@code hdfs://} reaches HDFS. Flink's {@code FileSource} asks the file system for
 * block locations and hands splits to the task managers on the hosts that hold them.
 *
 * <pre>
 * WordCountJob tessera://127.0.0.1:7100/books tessera://127.0.0.1:7100/counts
 * </pre>
 */
public final class WordCountJob {
    private WordCountJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: WordCountJob INPUT_URI OUTPUT_URI");
            System.exit(2);
        }
        JobExecutionResult result = run(StreamExecutionEnvironment.getExecutionEnvironment(), args[0], args[1]);
        System.out.printf("counted the words of %s into %s in %d ms%n", args[0], args[1], result.getNetRuntime());
    }

    /** Builds the job on {@code env} (in batch mode: one final count per word) and runs it to the end. */
    public static JobExecutionResult run(StreamExecutionEnvironment env, String input, String output) throws Exception {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        FileSource<String> lines = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(input))
                .build();
        env.fromSource(lines, WatermarkStrategy.noWatermarks(), "lines")
                .flatMap(new Tokenizer())
                .name("words")
                .keyBy(count -> count.f0)
                .sum(1)
                .name("counts")
                .map(new Format())
                .sinkTo(new LineFileSink(output))
                .name("write");
        return env.execute("tessera word count");
    }

    /** Lower-cased runs of letters and digits. */
    static final class Tokenizer implements FlatMapFunction<String, Tuple2<String, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(String line, Collector<Tuple2<String, Long>> out) {
            for (String word : line.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    out.collect(Tuple2.of(word, 1L));
                }
            }
        }
    }

    static final class Format implements MapFunction<Tuple2<String, Long>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(Tuple2<String, Long> count) {
            return count.f0 + "\t" + count.f1;
        }
    }
}
