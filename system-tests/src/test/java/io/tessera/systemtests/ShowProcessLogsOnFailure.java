package io.tessera.systemtests;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The evidence of a failed system test: the tail of every server process's stdout and stderr, printed
 * when a test or a set-up method fails. The full logs stay in the launcher's directory under
 * {@code target/}.
 */
final class ShowProcessLogsOnFailure implements TestWatcher, LifecycleMethodExecutionExceptionHandler {
    private static final int LINES = 40;

    private final ProcessLauncher launcher;

    ShowProcessLogsOnFailure(ProcessLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        show(context.getDisplayName(), cause);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable error) throws Throwable {
        show("@BeforeAll of " + context.getDisplayName(), error);
        throw error;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable error) throws Throwable {
        show("@BeforeEach of " + context.getDisplayName(), error);
        throw error;
    }

    private void show(String what, Throwable cause) {
        StringBuilder report = new StringBuilder()
                .append("\n######## ")
                .append(what)
                .append(" failed: ")
                .append(cause)
                .append("\n######## server logs (complete files in ")
                .append(launcher.logs().toAbsolutePath())
                .append(")\n");
        for (TesseraProcess process : launcher.servers()) {
            report.append(process.evidence(LINES)).append('\n');
        }
        System.err.println(report);
    }
}
