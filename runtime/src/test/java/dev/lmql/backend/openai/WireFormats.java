package dev.lmql.backend.openai;

import mockwebserver3.MockResponse;

/** Exact wire shapes of OpenAI-style servers, for MockWebServer. */
final class WireFormats {
    private WireFormats() {
    }

    /** A server-sent-events body: each chunk as a {@code data:} event, then {@code data: [DONE]}. */
    static String sse(String... chunks) {
        StringBuilder sb = new StringBuilder();
        for (String c : chunks) {
            sb.append("data: ").append(c.replace("\n", "")).append("\n\n");
        }
        return sb.append("data: [DONE]\n\n").toString();
    }

    static MockResponse streamResponse(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    static MockResponse jsonResponse(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body(body.replace("\n", "")).build();
    }

    /** OpenAI's error body. */
    static MockResponse error(int code, String message, String type, String errorCode) {
        return jsonResponse(code, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":" + (errorCode == null ? "null" : "\"" + errorCode + "\"") + "}}");
    }

    /** One legacy completions stream chunk with one token and its top alternatives. */
    static String completionChunk(String token, double logprob, String finish, String... alternatives) {
        StringBuilder top = new StringBuilder("{").append(json(token)).append(':').append(logprob);
        for (int i = 0; i + 1 < alternatives.length; i += 2) {
            top.append(',').append(json(alternatives[i])).append(':').append(alternatives[i + 1]);
        }
        top.append('}');
        return "{\"id\":\"cmpl-x\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"davinci-002\","
                + "\"choices\":[{\"text\":" + json(token) + ",\"index\":0,\"logprobs\":{\"tokens\":[" + json(token)
                + "],\"token_logprobs\":[" + logprob + "],\"top_logprobs\":[" + top + "],\"text_offset\":[0]},"
                + "\"finish_reason\":" + (finish == null ? "null" : json(finish)) + "}]}";
    }

    /** A chat stream chunk carrying content. */
    static String chatChunk(String content, String finish) {
        return "{\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + json(content) + "},\"logprobs\":null,"
                + "\"finish_reason\":" + (finish == null ? "null" : json(finish)) + "}]}";
    }

    static String usageChunk(int prompt, int completion) {
        return "{\"id\":\"cmpl-x\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"davinci-002\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    static String json(String s) {
        return OpenAiTransport.MAPPER.valueToTree(s).toString();
    }
}
