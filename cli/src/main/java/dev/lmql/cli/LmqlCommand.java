package dev.lmql.cli;

import dev.lmql.lang.QuerySyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lmql} command line: {@code run}, {@code certificate show|verify|replay|diff}, {@code serve-model}.
 * Errors print one line (the cause and the fix) unless {@code --verbose} asks for the stack trace.
 */
@Command(name = "lmql", mixinStandardHelpOptions = true, version = "lmql 0.1.0",
        description = "Run LMQL queries, inspect inference certificates, serve local models.",
        subcommands = {RunCommand.class, CertificateCommand.class, ServeModelCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (verify: consistent, replay: reproduced, diff: identical)",
                "1:check failed (inconsistent, not reproduced, different)", "2:wrong usage",
                "3:could not run (bad file, bad query, model not found, backend error)"})
public final class LmqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (used by main and by tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        LmqlCommand root = new LmqlCommand();
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler((e, line, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose");
            line.getErr().println("error: " + describe(e));
            if (verbose) {
                e.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return ExitCodes.ERROR;
        });
        return cl;
    }

    private static String describe(Exception e) {
        if (e instanceof QuerySyntaxException q) {
            return q.detailedMessage();
        }
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof QuerySyntaxException q) {
            return q.detailedMessage();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
