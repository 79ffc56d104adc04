package dev.lmql.trace;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Which tracing scope is current. The current scope is inherited by threads started inside it
 * ({@link InheritableThreadLocal}); for thread pools that existed before the scope opened, wrap the task with
 * {@link #wrap(Runnable)} / {@link #wrap(Callable)} — or pass the tracer explicitly, as the interpreter does in
 * every request. Closed scopes are never current, so a pooled thread that inherited a scope long ago does not
 * record into it.
 */
public final class TraceContext {
    private static final InheritableThreadLocal<TraceScope> CURRENT = new InheritableThreadLocal<>();

    private TraceContext() {
    }

    /**
     * Opens a scope: a child of the current scope when there is one, else a new top-level recorder. Close it with
     * try-with-resources.
     */
    public static TraceScope open(String name) {
        Optional<TraceScope> parent = currentScope();
        TraceRecorder recorder = parent.isPresent() ? parent.get().recorder().orElseThrow().child(name)
                : TraceRecorder.root(name);
        TraceScope scope = new TraceScope(recorder, parent.orElse(null));
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Opens a top-level scope that is current on this thread until closed, but not part of the enclosing scope's
     * tree (e.g. for a replay that must not add to the caller's certificate).
     */
    public static TraceScope openRoot(String name) {
        TraceScope scope = new TraceScope(TraceRecorder.root(name), currentScope().orElse(null));
        CURRENT.set(scope);
        return scope;
    }

    /** The innermost open scope of this thread. */
    public static Optional<TraceScope> currentScope() {
        TraceScope scope = CURRENT.get();
        while (scope != null && !scope.isOpen()) {
            scope = scope.enclosing();
        }
        return Optional.ofNullable(scope);
    }

    /** The recorder of the innermost open scope. */
    public static Optional<TraceRecorder> current() {
        return currentScope().flatMap(TraceScope::recorder);
    }

    /** The task, run with the caller's current scope (for thread pools created before the scope). */
    public static Runnable wrap(Runnable task) {
        TraceScope captured = currentScope().orElse(null);
        return () -> {
            TraceScope before = CURRENT.get();
            CURRENT.set(captured);
            try {
                task.run();
            } finally {
                CURRENT.set(before);
            }
        };
    }

    /** The task, run with the caller's current scope (for thread pools created before the scope). */
    public static <T> Callable<T> wrap(Callable<T> task) {
        TraceScope captured = currentScope().orElse(null);
        return () -> {
            TraceScope before = CURRENT.get();
            CURRENT.set(captured);
            try {
                return task.call();
            } finally {
                CURRENT.set(before);
            }
        };
    }

    /** Called by {@link TraceScope#close()}: the opening thread goes back to the enclosing open scope. */
    static void closed(TraceScope scope) {
        if (CURRENT.get() == scope) {
            TraceScope enclosing = scope.enclosing();
            while (enclosing != null && !enclosing.isOpen()) {
                enclosing = enclosing.enclosing();
            }
            if (enclosing == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(enclosing);
            }
        }
    }
}
