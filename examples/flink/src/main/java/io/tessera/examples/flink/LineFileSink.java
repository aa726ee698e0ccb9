package io.tessera.examples.flink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Writes lines to {@code DIR/part-N}, one file per parallel subtask, through Flink's {@link FileSystem} (for
 * {@code tessera://}, the Hadoop fallback and the Tessera connector).
 *
 * <p>Why not Flink's {@code FileSink}: it needs a {@code RecoverableWriter}, and Flink's Hadoop file system
 * offers one only for {@code hdfs://} and {@code viewfs://} (HadoopRecoverableWriter refuses other schemes). So
 * this sink is for bounded (batch) jobs: each part file is written from the start and becomes visible with its
 * full length when the subtask closes it; a restarted subtask overwrites its part.
 */
final class LineFileSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String directory;

    LineFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        Path part = new Path(directory, "part-" + context.getTaskInfo().getIndexOfThisSubtask());
        FileSystem fs = part.getFileSystem();
        return new Writer(new BufferedWriter(
                new OutputStreamWriter(fs.create(part, FileSystem.WriteMode.OVERWRITE), StandardCharsets.UTF_8)));
    }

    private static final class Writer implements SinkWriter<String> {
        private final BufferedWriter out;

        Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.newLine();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
