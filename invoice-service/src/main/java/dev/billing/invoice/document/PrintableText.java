package dev.billing.invoice.document;

/**
 * Text as documents can hold it: without the characters XML 1.0 forbids (controls other than tab and
 * line breaks, lone surrogates, U+FFFE/U+FFFF). The APIs refuse them; this keeps a PDF and the UBL
 * well-formed for text that came in before they did, or from an event producer that does not.
 */
public final class PrintableText {

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder printable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                printable.append(c).append(text.charAt(++i));
            } else if (c == '\t' || c == '\n' || c == '\r'
                    || !(Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')) {
                printable.append(c);
            }
        }
        return printable.toString();
    }

    private PrintableText() {
    }
}
