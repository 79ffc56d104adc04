package dev.lmql.trace;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a {@code certificate} option into a sink, accepting what LMQL accepts: {@code true} / {@code "true"} /
 * {@code "stdout"} (print to stdout), a path or path template (write the file), a {@code Consumer<InferenceCertificate>} or a
 * {@link CertificateSink}; {@code null}, {@code false}, {@code "false"} and {@code ""} mean no certificate.
 */
public final class CertificateTarget {
    private CertificateTarget() {
    }

    /**
     * The sink for the option value of a call named {@code method}.
     *
     * @throws IllegalArgumentException when the value is of another type or an invalid path template
     */
    @SuppressWarnings("unchecked")
    public static Optional<CertificateSink> sink(Object option, String method) {
        if (option == null || Boolean.FALSE.equals(option)) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(option)) {
            return Optional.of(CertificateSink.stdout());
        }
        if (option instanceof CertificateSink) {
            return Optional.of((CertificateSink) option);
        }
        if (option instanceof Consumer<?>) {
            return Optional.of(CertificateSink.callback((Consumer<? super InferenceCertificate>) option));
        }
        if (option instanceof Path) {
            return Optional.of(CertificateSink.file((Path) option));
        }
        if (option instanceof String) {
            String text = ((String) option).strip();
            if (text.isEmpty() || text.equalsIgnoreCase("false")) {
                return Optional.empty();
            }
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("stdout")) {
                return Optional.of(CertificateSink.stdout());
            }
            return Optional.of(CertificateSink.file(text, method));
        }
        throw new IllegalArgumentException("certificate option must be true, a file path (template with {method} /"
                + " {timestamp}), a Consumer<InferenceCertificate> or a CertificateSink; got "
                + option.getClass().getName());
    }
}
