package dev.lmql.backend.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.TokenMask;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of one completions request that are final while its response still streams: the streamed tokens the
 * token loop will accept as they come — each allowed by the constraint, with no stop, token limit or outdated
 * {@code logit_bias} before it — up to the first one it would not. They are reported at once ({@link HeardTokens})
 * and the loop keeps them even when the attempt breaks off and a retry says something else: it then resumes after
 * them, as after a cut speculative chunk, so nothing reported is ever taken back. Tokens the server sends without
 * per-token information, or that the local vocabulary splits differently, wait for the whole response.
 */
final class StreamedTokens implements ChunkObserver {
    private final ConstraintState start;
    private final int startSize;
    private final int limit;
    private final TokenMask biasMask;
    private final TokenMapper mapper;
    private final int eos;
    private final HeardTokens heard;
    private final List<TokenMapper.Mapped> committed = new ArrayList<>();
    private int attempt;
    private ConstraintState state;
    private int position;
    private boolean stalled;

    /**
     * @param start     the constraint state before the request's first token
     * @param startSize how many tokens the value had before the request
     * @param biasMask  the tokens the request biased towards, or null
     */
    StreamedTokens(ConstraintState start, int startSize, int limit, TokenMask biasMask, TokenMapper mapper, int eos,
            HeardTokens heard) {
        this.start = start;
        this.startSize = startSize;
        this.limit = limit;
        this.biasMask = biasMask;
        this.mapper = mapper;
        this.eos = eos;
        this.heard = heard;
        this.state = start;
    }

    @Override
    public void chunk(int attemptNumber, JsonNode chunk) {
        if (attemptNumber != attempt) {
            // a retry starts over: its tokens must repeat what was reported before they can add to it
            attempt = attemptNumber;
            state = start;
            position = 0;
            stalled = false;
        }
        if (stalled) {
            return;
        }
        ResponseAssembler assembler = new ResponseAssembler();
        assembler.add(chunk);
        List<Integer> fresh = new ArrayList<>();
        for (WireResponse.Choice c : assembler.build().choices()) {
            if (c.index() != 0) {
                continue;
            }
            if (c.tokens().isEmpty() && !c.text().isEmpty()) {
                stalled = true;
                break;
            }
            for (WireToken t : c.tokens()) {
                int id = mapper.idOf(t.bytes());
                if (id < 0 || !acceptable(id)
                        || position < committed.size() && committed.get(position).id() != id) {
                    stalled = true;
                    break;
                }
                if (position == committed.size()) {
                    committed.add(new TokenMapper.Mapped(id, t.logprob(), t));
                    fresh.add(id);
                }
                state = state.advance(id);
                position++;
            }
        }
        heard.more(fresh.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether the token loop accepts this token as it comes, at the current position (see CompletionsDecoder). */
    private boolean acceptable(int id) {
        if (state.isComplete() || startSize + position >= limit) {
            return false;
        }
        TokenMask mask = state.allowedTokens();
        if (position > 0 && biasMask != null && !mask.and(biasMask).equals(mask)) {
            return false;
        }
        return id != eos && mask.contains(id);
    }

    /** The reported tokens of this request, in order. */
    List<TokenMapper.Mapped> committed() {
        return List.copyOf(committed);
    }

    /** Whether {@code tokens} (a whole response) starts with the reported tokens. */
    boolean startsAllOf(List<TokenMapper.Mapped> tokens) {
        if (tokens.size() < committed.size()) {
            return false;
        }
        for (int i = 0; i < committed.size(); i++) {
            if (tokens.get(i).id() != committed.get(i).id()) {
                return false;
            }
        }
        return true;
    }
}
