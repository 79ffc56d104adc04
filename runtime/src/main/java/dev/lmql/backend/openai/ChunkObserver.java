package dev.lmql.backend.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sees each event of a streamed response as it arrives, before the response is complete. Attempts of one request
 * (retries) are numbered from 1; an attempt that breaks off is followed by the next one from its start.
 */
@FunctionalInterface
interface ChunkObserver {
    ChunkObserver NONE = (attempt, chunk) -> { };

    /** Called on the HTTP thread, in order, with a chunk that is a well-formed completion chunk. */
    void chunk(int attempt, JsonNode chunk);
}
