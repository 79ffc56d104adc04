package dev.lmql.backend.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomModelProviderTest {

    @Test
    void registryResolvesRandomWithDefaultTokenizerAndSeed() {
        LanguageModel m = ModelRegistry.create("random", Map.of());
        assertThat(m).isInstanceOf(RandomModel.class);
        assertThat(m.tokenizer().name()).isEqualTo("cl100k_base");
        assertThat(((RandomModel) m).seed()).isZero();
        assertThat(m.identity()).containsEntry("backend", "random").containsEntry("seed", 0L);
    }

    @Test
    void optionsSelectSeedAndTokenizer() {
        RandomModel m = (RandomModel) ModelRegistry.create("random", Map.of("seed", 7, "tokenizer", "o200k_base"));
        assertThat(m.seed()).isEqualTo(7L);
        assertThat(m.tokenizer().name()).isEqualTo("o200k_base");
        assertThat(((RandomModel) ModelRegistry.create("random", Map.of("seed", "12"))).seed()).isEqualTo(12L);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> ModelRegistry.create("random", Map.of("sed", 1)))
                .hasMessageContaining("unknown: sed");
        assertThatThrownBy(() -> ModelRegistry.create("random", Map.of("seed", "x1")))
                .hasMessageContaining("seed must be an integer");
        assertThatThrownBy(() -> ModelRegistry.create("random", Map.of("tokenizer", "nope")))
                .hasMessageContaining("unknown tokenizer \"nope\"");
    }

    @Test
    void unknownIdMentionsRandom() {
        assertThatThrownBy(() -> ModelRegistry.create("nosuch", Map.of()))
                .hasMessageContaining("random (options: seed, tokenizer)");
    }
}
