package dev.lmql.constraint;

/** A value can no longer satisfy its constraint, or a token outside the mask was offered. */
public class ConstraintViolationException extends RuntimeException {
    public ConstraintViolationException(String message) {
        super(message);
    }
}
