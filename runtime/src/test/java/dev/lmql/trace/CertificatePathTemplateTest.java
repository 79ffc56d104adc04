package dev.lmql.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CertificatePathTemplateTest {

    @Test
    void acceptsPlainPathsAndTheTwoPlaceholders() {
        assertThat(CertificatePathTemplate.problem("my-certificate.json")).isEmpty();
        assertThat(CertificatePathTemplate.problem("out/{method}-{timestamp}.json")).isEmpty();
        assertThat(CertificatePathTemplate.parse("{method}.json").hasPlaceholders()).isTrue();
        assertThat(CertificatePathTemplate.parse("c.json").hasPlaceholders()).isFalse();
    }

    @Test
    void namesWhatIsWrongAndHowToFixIt() {
        assertThat(CertificatePathTemplate.problem("out/{methd}.json")).contains(
                "unknown placeholder {methd} in certificate path \"out/{methd}.json\": use {method} or {timestamp}");
        assertThat(CertificatePathTemplate.problem("out/{method.json")).get().asString()
                .contains("unclosed '{' at index 4");
        assertThat(CertificatePathTemplate.problem("out/method}.json")).get().asString()
                .contains("unmatched '}' at index 10");
        assertThat(CertificatePathTemplate.problem("certs/")).get().asString().contains("names a directory");
        assertThat(CertificatePathTemplate.problem(" ")).get().asString().contains("certificate path is empty");
        assertThatThrownBy(() -> CertificatePathTemplate.parse("{x}.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown placeholder {x}");
    }

    @Test
    void certificateOptionsBecomeSinksLikeInLmql() {
        assertThat(CertificateTarget.sink(null, "m")).isEmpty();
        assertThat(CertificateTarget.sink(false, "m")).isEmpty();
        assertThat(CertificateTarget.sink("false", "m")).isEmpty();
        assertThat(CertificateTarget.sink("", "m")).isEmpty();
        assertThat(CertificateTarget.sink(true, "m")).isPresent();
        assertThat(CertificateTarget.sink("true", "m")).isPresent();
        assertThat(CertificateTarget.sink("stdout", "m")).isPresent();
        assertThat(CertificateTarget.sink(Path.of("x.json"), "m")).isPresent();
        Consumer<InferenceCertificate> callback = c -> { };
        Optional<CertificateSink> sink = CertificateTarget.sink(callback, "m");
        assertThat(sink).isPresent();
        assertThatThrownBy(() -> CertificateTarget.sink("{nope}.json", "m"))
                .hasMessageContaining("unknown placeholder {nope}");
        assertThatThrownBy(() -> CertificateTarget.sink(42, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate option must be true, a file path");
    }
}
