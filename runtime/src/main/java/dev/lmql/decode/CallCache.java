package dev.lmql.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmql.backend.FinishReason;
import dev.lmql.backend.GeneratedSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LMQL's call cache: results of identical deterministic model calls (same model, prompt tokens, parameters and
 * constraint) are served from memory, and — when a cache file is named — from a JSON-lines file shared across
 * {@code LLM} instances and processes. Each entry also keeps the events the call recorded, so a cached call
 * still shows up in certificates (marked {@code "cached": true}).
 *
 * <p>File entries are appended atomically (one write of a whole line under a file lock); readers pick up lines
 * appended by others on a miss. Thread-safe.
 */
public final class CallCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Entry> memory = new ConcurrentHashMap<>();
    private final Map<Path, CacheFile> files = new ConcurrentHashMap<>();

    /** A recorded event of a call: its name and data. */
    public record RecordedEvent(String name, Map<String, Object> data) {
    }

    /** What a call returned: sequences for a generation, scores for a scoring call, and its events. */
    public record Entry(List<GeneratedSequence> sequences, float[] scores, List<RecordedEvent> events) {
        public Entry {
            sequences = sequences == null ? List.of() : List.copyOf(sequences);
            events = List.copyOf(events);
        }
    }

    /** The entry for the key, from memory or from the file (when given). */
    public Optional<Entry> get(String key, Path file) {
        Entry e = memory.get(key);
        if (e == null && file != null) {
            e = file(file).lookup(key);
            if (e != null) {
                memory.put(key, e);
            }
        }
        return Optional.ofNullable(e);
    }

    /** Stores the entry in memory and appends it to the file (when given). */
    public void put(String key, Entry entry, Path file) {
        memory.put(key, entry);
        if (file != null) {
            file(file).append(key, entry);
        }
    }

    /** Number of entries held in memory. */
    public int size() {
        return memory.size();
    }

    private CacheFile file(Path path) {
        return files.computeIfAbsent(path.toAbsolutePath().normalize(), CacheFile::new);
    }

    /** One cache file: entries read so far, and how far it has been read. */
    private static final class CacheFile {
        private final Path path;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private long readOffset;

        CacheFile(Path path) {
            this.path = path;
        }

        synchronized Entry lookup(String key) {
            Entry e = entries.get(key);
            if (e == null) {
                readNewLines();
                e = entries.get(key);
            }
            return e;
        }

        synchronized void append(String key, Entry entry) {
            byte[] line = (toJson(key, entry) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                Path parent = path.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
                    ByteBuffer buf = ByteBuffer.wrap(line);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the cache file " + path + ": " + e.getMessage()
                        + " (check that the directory is writable, or drop the cache option)", e);
            }
            entries.put(key, entry);
        }

        /** Reads complete lines appended since the last read; a partial last line is left for later. */
        private void readNewLines() {
            if (!Files.isRegularFile(path)) {
                return;
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size <= readOffset) {
                    return;
                }
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - readOffset));
                ch.position(readOffset);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // keep reading
                }
                byte[] bytes = buf.array();
                int end = buf.position();
                int lineStart = 0;
                for (int i = 0; i < end; i++) {
                    if (bytes[i] == '\n') {
                        String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                        parseLine(line);
                        lineStart = i + 1;
                    }
                }
                readOffset += lineStart;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cache file " + path + ": " + e.getMessage(), e);
            }
        }

        private void parseLine(String line) {
            if (line.isBlank()) {
                return;
            }
            try {
                JsonNode node = JSON.readTree(line);
                entries.put(node.get("key").asText(), fromJson(node));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("the cache file " + path + " has a malformed line (" + e.getMessage()
                        + "); delete the file or point the cache option to a new one", e);
            }
        }
    }

    static String toJson(String key, Entry entry) {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        ArrayNode seqs = root.putArray("sequences");
        for (GeneratedSequence g : entry.sequences()) {
            ObjectNode s = seqs.addObject();
            ArrayNode t = s.putArray("tokens");
            for (int id : g.tokens()) {
                t.add(id);
            }
            ArrayNode lp = s.putArray("logprobs");
            for (float f : g.logprobs()) {
                lp.add(f);
            }
            s.put("text", g.text());
            s.put("finish_reason", g.finishReason().name());
            s.put("strategy", g.strategy());
        }
        if (entry.scores() != null) {
            ArrayNode sc = root.putArray("scores");
            for (float f : entry.scores()) {
                sc.add(f);
            }
        }
        ArrayNode events = root.putArray("events");
        for (RecordedEvent e : entry.events()) {
            ObjectNode ev = events.addObject();
            ev.put("name", e.name());
            ev.set("data", JSON.valueToTree(e.data()));
        }
        return root.toString();
    }

    @SuppressWarnings("unchecked")
    static Entry fromJson(JsonNode root) {
        List<GeneratedSequence> seqs = new ArrayList<>();
        for (JsonNode s : root.path("sequences")) {
            int[] tokens = new int[s.path("tokens").size()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = s.path("tokens").get(i).asInt();
            }
            float[] lps = new float[s.path("logprobs").size()];
            for (int i = 0; i < lps.length; i++) {
                lps[i] = (float) s.path("logprobs").get(i).asDouble();
            }
            seqs.add(new GeneratedSequence(tokens, lps, s.path("text").asText(),
                    FinishReason.valueOf(s.path("finish_reason").asText()), s.path("strategy").asText(null)));
        }
        float[] scores = null;
        if (root.has("scores")) {
            scores = new float[root.get("scores").size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) root.get("scores").get(i).asDouble();
            }
        }
        List<RecordedEvent> events = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            events.add(new RecordedEvent(e.path("name").asText(), JSON.convertValue(e.path("data"), Map.class)));
        }
        return new Entry(seqs, scores, events);
    }
}
