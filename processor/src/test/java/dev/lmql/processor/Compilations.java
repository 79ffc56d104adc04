package dev.lmql.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/** Runs javac with the LMQL processor on in-memory sources. */
final class Compilations {

    private Compilations() {
    }

    /** Compiles one source file {@code com.example.<simpleName>} whose body follows the standard imports. */
    static Compilation compile(String simpleName, String body) {
        return compile(source(simpleName, body));
    }

    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(new LmqlProcessor())
                .withOptions("--release", "17")
                .compile(Arrays.asList(sources));
    }

    /** Runs only annotation processing: generated sources are written but not compiled. */
    static Compilation process(JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(new LmqlProcessor())
                .withOptions("--release", "17", "-proc:only")
                .compile(Arrays.asList(sources));
    }

    static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(new LmqlProcessor())
                .withOptions(options)
                .compile(Arrays.asList(sources));
    }

    static JavaFileObject source(String simpleName, String body) {
        return JavaFileObjects.forSourceString("com.example." + simpleName, """
                package com.example;

                import dev.lmql.annotations.Label;
                import dev.lmql.annotations.LmqlDefaults;
                import dev.lmql.annotations.Query;
                import java.util.List;
                import java.util.Optional;
                import java.util.concurrent.CompletableFuture;

                """ + body);
    }

    static String fileName(String simpleName) {
        return "/com/example/" + simpleName + ".java";
    }
}
