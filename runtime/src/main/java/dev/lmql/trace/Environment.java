package dev.lmql.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The environment a certificate records: library version, Java, OS and backend library versions. */
final class Environment {
    private static final String BUILD_PROPERTIES = "build.properties";
    private static final Properties BUILD = load();
    private static final Map<String, Object> DESCRIPTION = describe();

    private Environment() {
    }

    /** LMQL's {@code lmql.version} string: {@code <version> (build on <build>, commit <commit>)}. */
    static String lmqlVersion() {
        return libraryVersion() + " (build on lmql-java, commit unknown)";
    }

    static String libraryVersion() {
        return BUILD.getProperty("lmql.version", "unknown");
    }

    /** The data of the {@code lmql.Environment} event. */
    static Map<String, Object> description() {
        return DESCRIPTION;
    }

    private static Map<String, Object> describe() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("lmql", libraryVersion());
        env.put("java.version", System.getProperty("java.version"));
        env.put("java.vendor", System.getProperty("java.vendor"));
        env.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        Map<String, Object> libraries = new LinkedHashMap<>();
        libraries.put("jackson-databind", jacksonVersion());
        libraries.put("okhttp", okhttpVersion());
        libraries.put("jtokkit", manifestVersion("com.knuddels.jtokkit.Encodings", "jtokkit.version"));
        env.put("libraries", libraries);
        return java.util.Collections.unmodifiableMap(env);
    }

    private static String jacksonVersion() {
        try {
            return com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        } catch (LinkageError e) {
            return BUILD.getProperty("jackson.version", "unknown");
        }
    }

    private static String okhttpVersion() {
        try {
            Class<?> okhttp = Class.forName("okhttp3.OkHttp");
            return String.valueOf(okhttp.getField("VERSION").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return BUILD.getProperty("okhttp.version", "not on the class path");
        }
    }

    /** The jar manifest's version of the class's package, else the version the library was built against. */
    private static String manifestVersion(String className, String buildProperty) {
        try {
            Package p = Class.forName(className).getPackage();
            if (p != null && p.getImplementationVersion() != null) {
                return p.getImplementationVersion();
            }
            return BUILD.getProperty(buildProperty, "unknown");
        } catch (ClassNotFoundException | LinkageError e) {
            return "not on the class path";
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Environment.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/lmql/trace/" + BUILD_PROPERTIES, e);
        }
        return properties;
    }
}
