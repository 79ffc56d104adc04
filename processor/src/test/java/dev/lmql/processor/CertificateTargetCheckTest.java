package dev.lmql.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The processor accepts exactly the certificate targets the runtime understands ({@code CertificateTarget}). */
class CertificateTargetCheckTest {

    @Test
    void lmqlStyleBooleansAndStdoutAreTargetsNotFileNames() {
        for (String target : new String[] {"", "false", "FALSE", "true", "True", "stdout"}) {
            assertThat(CertificateTargetCheck.problem(target)).as(target).isEmpty();
        }
    }

    @Test
    void pathTemplatesAreChecked() {
        assertThat(CertificateTargetCheck.problem("certs/{method}-{timestamp}.json")).isEmpty();
        assertThat(CertificateTargetCheck.problem("certs/{when}.json")).get().asString()
                .contains("unknown placeholder {when}");
    }
}
