package dev.lmql.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Downloads {@code https://huggingface.co/<repo>/resolve/main/<file>} into the model cache, with a progress bar
 * on stderr and a SHA-256 check when the server names the file's hash ({@code X-Linked-ETag}, sent for LFS
 * files). The file appears under its final name only when complete and verified.
 */
final class HuggingFaceDownloader {
    static final String DEFAULT_BASE_URL = "https://huggingface.co";

    private final String baseUrl;
    private final String token;
    private final OkHttpClient client;
    private final PrintStream progress;

    /**
     * @param token a Hugging Face access token for gated repositories (sent as a bearer token, never logged), or
     *              null
     */
    HuggingFaceDownloader(String baseUrl, String token) {
        this(baseUrl, token, System.err);
    }

    HuggingFaceDownloader(String baseUrl, String token, PrintStream progress) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token == null || token.isBlank() ? null : token;
        this.progress = progress;
        this.client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(60)).build();
    }

    Path download(String repo, String file, Path target) {
        String url = baseUrl + "/" + repo + "/resolve/main/" + file;
        Request.Builder request = new Request.Builder().url(url);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            try (Response response = client.newCall(request.build()).execute()) {
                if (!response.isSuccessful()) {
                    throw new IllegalArgumentException("downloading " + url + " failed with HTTP " + response.code()
                            + (response.code() == 401 || response.code() == 403
                                    ? " (a gated repository: set HF_TOKEN to an access token)" : "")
                            + (response.code() == 404 ? " (check the repository and file name)" : "")
                            + "; or put the file at " + target + " yourself");
                }
                String expected = linkedSha256(response);
                ResponseBody body = response.body();
                String actual = copyWithProgress(body.byteStream(), body.contentLength(), partial, file);
                if (expected != null && !expected.equals(actual)) {
                    Files.deleteIfExists(partial);
                    throw new IllegalStateException("the download of " + url + " is corrupt: SHA-256 " + actual
                            + " but the server announced " + expected + "; try again");
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file is only a leftover; the error below is what matters
            }
            throw new IllegalStateException("cannot download " + url + " (" + e.getMessage() + "). Offline? Put the"
                    + " file at " + target + " (or in a directory on LMQL_MODEL_PATH and use local:" + file + ")", e);
        }
    }

    /** The SHA-256 the server announced, looking through redirects (the hash is on Hugging Face's own reply). */
    private static String linkedSha256(Response response) {
        for (Response r = response; r != null; r = r.priorResponse()) {
            String etag = r.header("X-Linked-ETag");
            if (etag != null) {
                String h = etag.replace("\"", "").replace("W/", "").trim().toLowerCase(Locale.ROOT);
                if (h.matches("[0-9a-f]{64}")) {
                    return h;
                }
            }
        }
        return null;
    }

    private String copyWithProgress(InputStream in, long total, Path out, String name) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ProgressBar bar = new ProgressBar(progress, name, total);
        try (OutputStream os = Files.newOutputStream(out)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                os.write(buf, 0, n);
                md.update(buf, 0, n);
                bar.advance(n);
            }
        }
        bar.finish();
        return HexFormat.of().formatHex(md.digest());
    }
}
