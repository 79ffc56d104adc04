package dev.lmql.backend.openai;

import java.util.List;

/**
 * One token of a response as the server reported it: its bytes (from {@code bytes}, or decoded from the token
 * string, including OpenAI's {@code bytes:\xNN} form), the server's id when it sends one (llama.cpp),
 * its logprob and the top alternatives at that position.
 */
record WireToken(byte[] bytes, Integer id, double logprob, List<Alternative> top) {

    /** One alternative at a position. */
    record Alternative(byte[] bytes, Integer id, double logprob) {
    }
}
