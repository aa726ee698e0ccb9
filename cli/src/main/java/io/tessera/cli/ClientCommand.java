package io.tessera.cli;

import io.tessera.client.TesseraClient;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to a running cluster: connects to {@code --meta}, runs, closes the client. */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        checkArguments();
        try (TesseraClient client = tessera().connect()) {
            return run(client);
        }
    }

    /** Checks what can be checked before connecting (local files, argument combinations). */
    void checkArguments() {}

    abstract int run(TesseraClient client) throws Exception;

    Tessera tessera() {
        return (Tessera) spec.root().userObject();
    }

    PrintStream out() {
        return tessera().out;
    }
}
