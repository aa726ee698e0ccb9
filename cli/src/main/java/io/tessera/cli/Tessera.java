package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.common.TesseraException;
import io.tessera.local.LocalCluster;
import io.tessera.local.LocalClusterException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code bin/tessera}: the processes ({@code meta}, {@code storage}, {@code local-cluster}) and the client
 * commands ({@code fs}, {@code admin}, {@code demo}, {@code bench}) of SPEC.md. Exit codes: 0 success, 1
 * an operational error told in one line on stderr (with the stack trace under {@code --verbose}), 2 a
 * usage error.
 */
@Command(
        name = "tessera",
        description = "Tessera: erasure-coded storage for analytics.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            LocalClusterCommand.class,
            MetaCommand.class,
            StorageCommand.class,
            FsCommand.class,
            AdminCommand.class,
            DemoCommand.class,
            BenchCommand.class,
        })
public final class Tessera implements Runnable {
    static final int OK = 0;
    static final int FAILED = 1;

    @Option(
            names = "--meta",
            paramLabel = "HOST:PORT",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:TESSERA_META:-127.0.0.1:7100}",
            description = "The metadata service (default: $TESSERA_META, else 127.0.0.1:7100).")
    String meta;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            scope = ScopeType.INHERIT,
            defaultValue = "30",
            description = "How long to wait for the metadata service and storage servers (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;

    @Option(names = "--help", usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    final PrintStream out;
    final PrintStream err;
    private final CommandLine commandLine;

    Tessera(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.commandLine = new CommandLine(this)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler(this::failed);
    }

    public static void main(String[] args) {
        System.exit(new Tessera(System.out, System.err).execute(args));
    }

    /** Runs one command line and returns its exit code. */
    CommandLine commandLine() {
        return commandLine;
    }

    int execute(String... args) {
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(commandLine, "Missing command");
    }

    /** A client of the metadata service named by {@code --meta}; the caller closes it. */
    TesseraClient connect() {
        return TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses(meta)
                .operationTimeout(timeoutSeconds, TimeUnit.SECONDS)
                .writerMemoryBudget(writerMemoryBudget())
                .errorHandler(this::warn));
    }

    /** A command's writers may take half the heap, as an in-process cluster's clients do. */
    static long writerMemoryBudget() {
        return LocalCluster.writerMemoryBudget();
    }

    /** Reports an error that reached no command (a background failure) without stopping anything. */
    void warn(Throwable error) {
        err.println("tessera: warning: " + describe(error));
        if (verbose) {
            error.printStackTrace(err);
        }
    }

    private int failed(Exception error, CommandLine command, ParseResult parsed) {
        err.println("tessera: " + describe(error));
        if (verbose) {
            error.printStackTrace(err);
        }
        return FAILED;
    }

    /** One line saying what went wrong, in the user's terms where the exception allows. */
    static String describe(Throwable error) {
        if (error instanceof UncheckedIOException || isBareWrapper(error)) {
            return describe(error.getCause());
        }
        String message;
        if (error instanceof NoSuchFileException missing) {
            message = missing.getFile() + ": no such file or directory";
        } else if (error instanceof FileAlreadyExistsException exists) {
            message = exists.getFile() + ": already exists";
        } else if (error instanceof AccessDeniedException denied) {
            message = denied.getFile() + ": permission denied";
        } else if (error instanceof TesseraException
                || error instanceof FileNotFoundException
                || error instanceof CommandFailure
                || error instanceof LocalClusterException) {
            message = error.getMessage();
        } else if (error instanceof IOException && error.getMessage() != null) {
            message = error.getMessage();
        } else {
            message = error.getMessage() == null
                    ? error.toString()
                    : error.getClass().getSimpleName() + ": " + error.getMessage();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** A wrapper that adds nothing but its cause's text, as Aeron's launchers throw. */
    private static boolean isBareWrapper(Throwable error) {
        Throwable cause = error.getCause();
        return error.getClass() == RuntimeException.class
                && cause != null
                && (error.getMessage() == null || error.getMessage().equals(cause.toString()));
    }
}
