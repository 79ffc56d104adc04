package dev.lmql.backend;

/** One chat message; role is {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {
}
