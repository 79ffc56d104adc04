package dev.lmql.processor;

import javax.annotation.processing.Messager;

/** Sends problems to javac at their site and remembers whether any error was reported. */
final class Reporter {

    private final Messager messager;
    private boolean errorReported;

    Reporter(Messager messager) {
        this.messager = messager;
    }

    void report(Problem problem, Site site) {
        if (problem.isError()) {
            errorReported = true;
        }
        if (site.value() != null) {
            messager.printMessage(problem.kind(), problem.message(), site.element(), site.mirror(), site.value());
        } else if (site.mirror() != null) {
            messager.printMessage(problem.kind(), problem.message(), site.element(), site.mirror());
        } else {
            messager.printMessage(problem.kind(), problem.message(), site.element());
        }
    }

    boolean errorReported() {
        return errorReported;
    }
}
