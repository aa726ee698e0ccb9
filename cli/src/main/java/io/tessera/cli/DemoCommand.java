package io.tessera.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tessera demo}: not written yet. */
@Command(name = "demo", description = "Start an embedded cluster, write and read a data set, lose a node, read again.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CommandFailure("demo: not supported yet");
    }
}
