package dev.lmql.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lmql} command line. */
@Command(name = "lmql", mixinStandardHelpOptions = true, version = "lmql 0.1.0",
        description = "Run LMQL queries, inspect inference certificates, serve local models.")
public final class LmqlCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LmqlCommand()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
