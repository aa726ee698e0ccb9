package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and exit codes, without a cluster: 0 success, 1 one line of operational error, 2 usage. */
class TesseraCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintHelpAndExitZero() {
        Run run = Run.of("--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("local-cluster"), run::toString);
        assertTrue(run.stdout().contains("admin"), run::toString);
    }

    @Test
    void shouldExitWithUsageErrorOnUnknownCommand() {
        Run run = Run.of("frobnicate");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("frobnicate"), run::toString);
    }

    @Test
    void shouldExitWithUsageErrorWithoutCommand() {
        assertEquals(2, Run.of().exitCode());
        assertEquals(2, Run.of("fs").exitCode());
        assertEquals(2, Run.of("admin").exitCode());
        assertEquals(2, Run.of("bench").exitCode());
    }

    @Test
    void shouldCompareWithHdfsOnly() {
        Run run = Run.of("bench", "--compare", "nfs");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("only hdfs can be compared"), run::toString);
    }

    @Test
    void shouldSendBenchWriteWithCompareToTheComparison() {
        Run run = Run.of("bench", "write", "--compare", "hdfs");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("run tessera bench --compare hdfs"), run::toString);
    }

    @Test
    void shouldSayWhenTheHdfsComparisonIsNotBuilt() {
        String home = System.getProperty("tessera.home");
        System.setProperty("tessera.home", dir.toString());
        try {
            Run run = Run.of("bench", "--compare", "hdfs", "--size", "1g");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.stderr().contains("the HDFS comparison is not built"), run::toString);
        } finally {
            if (home == null) {
                System.clearProperty("tessera.home");
            } else {
                System.setProperty("tessera.home", home);
            }
        }
    }

    @Test
    void shouldExitWithUsageErrorOnMissingArgument() {
        Run run = Run.of("fs", "put", "only-one");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("REMOTE"), run::toString);
    }

    @Test
    void shouldListKnownPoliciesForUnknownPolicy() {
        Run run = Run.of("fs", "setpolicy", "/data", "RS-9-9");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("unknown storage policy 'RS-9-9'"), run::toString);
        assertTrue(run.stderr().contains("RS-6-3"), run::toString);
        assertTrue(run.stderr().contains("REPLICATED-3"), run::toString);
    }

    @Test
    void shouldRefuseSizeWithUnknownSuffix() {
        Run run = Run.of("fs", "put", "--block-size", "16q", "a", "/b");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("not a size"), run::toString);
    }

    @Test
    void shouldFailWithOneLineWhenLocalFileIsMissing() {
        Path missing = dir.resolve("missing.bin");
        Run run = Run.of("fs", "put", missing.toString(), "/x/y");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("tessera: " + missing + ": no such file or directory"), run.stderrLines());
        assertEquals("", run.stdout());
    }

    @Test
    void shouldPrintStackTraceOnlyWhenVerbose() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Run quiet = Run.of("fs", "put", directory.toString(), "/x");
        Run verbose = Run.of("--verbose", "fs", "put", directory.toString(), "/x");
        assertEquals(1, quiet.exitCode(), quiet::toString);
        assertEquals(1, quiet.stderrLines().size(), quiet::toString);
        assertEquals(1, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.stderr().contains("\tat io.tessera.cli."), verbose::toString);
    }

    @Test
    void shouldAskForTheNodeToDecommissionAndFailInOneLineWithoutAMetadataService() {
        Run missing = Run.of("admin", "decommission");
        assertEquals(2, missing.exitCode(), missing::toString);
        String nobody = "127.0.0.1:" + io.tessera.local.FreePorts.consecutive(1);
        Run balance = Run.of("--meta", nobody, "--timeout", "2", "admin", "balance", "--no-wait");
        assertEquals(1, balance.exitCode(), balance::toString);
        assertEquals(1, balance.stderrLines().size(), balance::toString);
    }

    @Test
    void shouldTakeMetaAddressBeforeOrAfterTheCommand() {
        assertEquals("10.1.2.3:7100", parsedMeta("--meta", "10.1.2.3:7100", "fs", "ls", "/"));
        assertEquals("10.1.2.3:7100", parsedMeta("fs", "ls", "--meta", "10.1.2.3:7100", "/"));
        assertEquals("10.1.2.3:7100", parsedMeta("admin", "fsck", "--meta=10.1.2.3:7100"));
    }

    @Test
    void shouldDefaultMetaAddressToEnvironmentOrLocalhost() {
        String fromEnv = System.getenv("TESSERA_META");
        String expected = fromEnv == null ? "127.0.0.1:7100" : fromEnv;
        assertEquals(expected, parsedMeta("fs", "ls"));
    }

    private static String parsedMeta(String... args) {
        Tessera tessera =
                new Tessera(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        tessera.commandLine().parseArgs(args);
        return tessera.meta;
    }
}
