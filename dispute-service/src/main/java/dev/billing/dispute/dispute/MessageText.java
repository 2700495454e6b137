package dev.billing.dispute.dispute;

import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;

/**
 * A message's text: required, at most {@value #MAX_LENGTH} characters, line breaks allowed, no other control
 * characters. It is kept exactly as written: markup in it ({@code <script>}) is text, which every reader renders
 * escaped; nothing here rewrites it.
 */
public final class MessageText {
    public static final int MAX_LENGTH = 10_000;

    public static String of(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest(field, "is required and must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw ApiProblem.badRequest(field, "must be at most " + MAX_LENGTH + " characters (it has " + text.length() + ")");
        }
        return RequestValues.multiLine(field, text);
    }

    /** An optional short text (a reason): null stays null, otherwise as {@link #of}. */
    public static String optional(String field, String text) {
        return text == null || text.isBlank() ? null : of(field, text);
    }

    private MessageText() {
    }
}
