package dev.lmql.backend;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    @Test
    void unknownSchemeListsTheKnownIds() {
        assertThatThrownBy(() -> ModelRegistry.create("nosuch:model", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model id \"nosuch:model\"")
                .hasMessageContaining("Known model ids: ");
    }

    @Test
    void blankIdIsRejectedWithExamples() {
        assertThatThrownBy(() -> ModelRegistry.create(" ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a model id is required");
    }
}
