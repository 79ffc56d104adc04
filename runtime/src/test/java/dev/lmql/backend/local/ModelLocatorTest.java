package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution of {@code local:} ids: paths, LMQL_MODEL_PATH directories, the cache, Hugging Face downloads. */
class ModelLocatorTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private ModelLocator locator(List<Path> dirs, String baseUrl) {
        return new ModelLocator(dirs, tmp.resolve("cache"), new HuggingFaceDownloader(baseUrl, null,
                new PrintStream(progress, true, StandardCharsets.UTF_8)));
    }

    @Test
    void absolutePathsAndFileNamesOnTheSearchPathResolve() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path model = Files.write(b.resolve("m.gguf"), new byte[] {1});
        ModelLocator l = locator(List.of(a, b), "http://127.0.0.1:1");
        assertThat(l.resolve(model.toString())).isEqualTo(model);
        assertThat(l.resolve("m.gguf")).isEqualTo(b.resolve("m.gguf"));
        Path cached = Files.createDirectories(tmp.resolve("cache")).resolve("c.gguf");
        Files.write(cached, new byte[] {2});
        assertThat(l.resolve("c.gguf")).isEqualTo(cached);
    }

    @Test
    void aMissingFileListsEveryPlaceSearched() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        ModelLocator l = locator(List.of(a), "http://127.0.0.1:1");
        assertThatThrownBy(() -> l.resolve("nope.gguf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope.gguf' not found")
                .hasMessageContaining(a.resolve("nope.gguf").toString())
                .hasMessageContaining(tmp.resolve("cache").resolve("nope.gguf").toString())
                .hasMessageContaining("LMQL_MODEL_PATH");
        assertThatThrownBy(() -> l.resolve("hf:onlyrepo")).hasMessageContaining("<owner>/<repo>/<file>");
    }

    @Test
    void huggingFaceFilesDownloadOnceWithChecksumAndProgress() throws Exception {
        byte[] content = "GGUF-not-really".getBytes(StandardCharsets.UTF_8);
        String sha = LocalModelTestSupport.sha256Hex(content);
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", server.url("/cdn/blob"))
                    .addHeader("X-Linked-ETag", "\"" + sha + "\"").build());
            server.enqueue(new MockResponse.Builder().code(200).body(new String(content, StandardCharsets.UTF_8))
                    .build());
            ModelLocator l = locator(List.of(), server.url("/").toString());
            Path p = l.resolve("hf:owner/repo/sub/model.gguf");
            assertThat(p).isEqualTo(tmp.resolve("cache/owner/repo/sub/model.gguf"));
            assertThat(Files.readAllBytes(p)).isEqualTo(content);
            RecordedRequest first = server.takeRequest();
            assertThat(first.getTarget()).isEqualTo("/owner/repo/resolve/main/sub/model.gguf");
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("model.gguf [").contains("100%");
            // second resolution is served from the cache: no request
            assertThat(l.resolve("hf:owner/repo/sub/model.gguf")).isEqualTo(p);
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void aChecksumMismatchLeavesNoFile() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).body("tampered")
                    .addHeader("X-Linked-ETag", "\"" + "0".repeat(64) + "\"").build());
            ModelLocator l = locator(List.of(), server.url("/").toString());
            assertThatThrownBy(() -> l.resolve("hf:o/r/m.gguf")).hasMessageContaining("corrupt")
                    .hasMessageContaining("0".repeat(64));
            assertThat(tmp.resolve("cache/o/r/m.gguf")).doesNotExist();
            assertThat(tmp.resolve("cache/o/r/m.gguf.part")).doesNotExist();
        }
    }

    @Test
    void httpErrorsAndOfflineSayWhereToPutTheFile() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(404).body("Entry not found").build());
            ModelLocator l = locator(List.of(), server.url("/").toString());
            assertThatThrownBy(() -> l.resolve("hf:o/r/m.gguf")).hasMessageContaining("HTTP 404")
                    .hasMessageContaining(tmp.resolve("cache/o/r/m.gguf").toString());
        }
        // nothing listens on port 1: the connection is refused as when offline
        ModelLocator offline = locator(List.of(), "http://127.0.0.1:1");
        assertThatThrownBy(() -> offline.resolve("hf:o/r/m.gguf")).hasMessageContaining("Offline?")
                .hasMessageContaining(tmp.resolve("cache/o/r/m.gguf").toString());
    }

    @Test
    void progressBarShape() {
        assertThat(ProgressBar.render("f", 50, 100)).isEqualTo("f [###############               ]  50% 50/100 bytes");
        assertThat(ProgressBar.render("f", 7, -1)).isEqualTo("f 7 bytes");
        assertThat(HexFormat.of().formatHex(new byte[] {1})).isEqualTo("01");
    }
}
