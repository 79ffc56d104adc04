package dev.lmql.backend.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.testing.SharedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ResponseAssemblerTest {

    private static JsonNode json(String s) throws Exception {
        return OpenAiTransport.MAPPER.readTree(s);
    }

    @Test
    void readsLlamaCppContentLogprobsFromTheReferenceResponse() throws Exception {
        JsonNode ref = OpenAiTransport.MAPPER.readTree(Files.readString(
                SharedModels.file("reference/llamacpp-stories260K-v1-completions-logprobs5.json")));
        ResponseAssembler a = new ResponseAssembler();
        a.add(ref.get("response"));
        WireResponse r = a.build();
        WireResponse.Choice c = r.choices().get(0);
        assertThat(c.text()).isEqualTo(", there was a little girl named Lily. She loved to play");
        assertThat(c.tokens()).hasSize(16);
        WireToken first = c.tokens().get(0);
        assertThat(first.id()).isEqualTo(432);
        assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).isEqualTo(",");
        assertThat(first.logprob()).isCloseTo(-0.031780876219272614, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(first.top()).hasSize(5);
        assertThat(first.top().get(1).id()).isEqualTo(383);
        StringBuilder joined = new StringBuilder();
        c.tokens().forEach(t -> joined.append(new String(t.bytes(), StandardCharsets.UTF_8)));
        assertThat(joined.toString()).isEqualTo(c.text());
        assertThat(c.finishReason()).isEqualTo("length");
    }

    @Test
    void readsOpenAiLegacyLogprobArraysAcrossStreamChunks() throws Exception {
        ResponseAssembler a = new ResponseAssembler();
        a.add(json("""
                {"id":"cmpl-1","object":"text_completion","created":1,"model":"davinci-002","choices":[{"text":" Hello",
                "index":0,"logprobs":{"tokens":[" Hello"],"token_logprobs":[-0.5],"top_logprobs":[{" Hello":-0.5,
                " Hi":-1.25}],"text_offset":[10]},"finish_reason":null}]}"""));
        a.add(json("""
                {"id":"cmpl-1","object":"text_completion","created":1,"model":"davinci-002","choices":[{"text":"\u2014",
                "index":0,"logprobs":{"tokens":["bytes:\\\\xe2\\\\x80","bytes:\\\\x94"],"token_logprobs":[-1.0,-0.01],
                "top_logprobs":[{"bytes:\\\\xe2\\\\x80":-1.0},{"bytes:\\\\x94":-0.01}],"text_offset":[16,16]},
                "finish_reason":"stop"}]}"""));
        a.add(json("""
                {"id":"cmpl-1","object":"text_completion","created":1,"model":"davinci-002","choices":[],
                "usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}}"""));
        WireResponse r = a.build();
        WireResponse.Choice c = r.choices().get(0);
        assertThat(c.text()).isEqualTo(" Hello\u2014");
        assertThat(c.tokens()).hasSize(3);
        assertThat(c.tokens().get(0).top()).extracting(WireToken.Alternative::logprob).containsExactly(-0.5, -1.25);
        assertThat(c.tokens().get(1).bytes()).containsExactly((byte) 0xe2, (byte) 0x80);
        assertThat(c.tokens().get(2).bytes()).containsExactly((byte) 0x94);
        assertThat(c.finishReason()).isEqualTo("stop");
        assertThat(r.usage().totalTokens()).isEqualTo(6);
    }

    @Test
    void readsChatDeltasWithContentLogprobs() throws Exception {
        ResponseAssembler a = new ResponseAssembler();
        a.add(json("""
                {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant",
                "content":""},"logprobs":null,"finish_reason":null}]}"""));
        a.add(json("""
                {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Yes"},
                "logprobs":{"content":[{"token":"Yes","logprob":-0.1,"bytes":[89,101,115],"top_logprobs":[
                {"token":"Yes","logprob":-0.1,"bytes":[89,101,115]},{"token":"No","logprob":-2.4,"bytes":[78,111]}]}],
                "refusal":null},"finish_reason":"stop"}]}"""));
        WireResponse.Choice c = a.build().choices().get(0);
        assertThat(c.text()).isEqualTo("Yes");
        assertThat(c.tokens()).singleElement().satisfies(t -> assertThat(t.top()).hasSize(2));
        assertThat(c.refusal()).isNull();
    }
}
