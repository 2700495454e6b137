package dev.billing.notification.email;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML part of a customer email, made from its plain text: the agency's logo (or name) on top, the text with its
 * paragraphs and line breaks kept and its links clickable, the agency's contact details below. Everything from the
 * text is escaped, so a customer name such as {@code <b>} shows as written. Tables and inline styles only, since that
 * is what common mail clients render alike.
 */
public final class HtmlEmail {
    /** The Content-ID of the logo, attached inline beside the HTML part. */
    public static final String LOGO_ID = "agency-logo";
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

    private HtmlEmail() {
    }

    public static String render(String subject, String text, String agencyName, List<String> contact, boolean withLogo) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>""")
                .append(escape(subject)).append("""
                </title></head>
                <body style="margin:0;padding:0;background:#f4f5f7">
                <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
                <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933">
                <tr><td style="padding:24px 32px;border-bottom:1px solid #e4e7eb">""");
        if (withLogo) {
            html.append("<img src=\"cid:").append(LOGO_ID).append("\" alt=\"").append(escape(agencyName))
                    .append("\" style=\"max-height:48px;max-width:240px;border:0\">");
        } else {
            html.append("<strong style=\"font-size:18px\">").append(escape(agencyName)).append("</strong>");
        }
        html.append("</td></tr>\n<tr><td style=\"padding:24px 32px\">");
        for (String paragraph : text.strip().split("\\R\\s*\\R")) {
            html.append("<p style=\"margin:0 0 16px 0\">").append(linked(paragraph.strip()).replaceAll("\\R", "<br>")).append("</p>");
        }
        html.append("</td></tr>\n<tr><td style=\"padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#616e7c\">")
                .append(escape(agencyName));
        for (String line : contact) {
            html.append("<br>").append(escape(line));
        }
        return html.append("</td></tr>\n</table></td></tr></table>\n</body></html>\n").toString();
    }

    /** The plain-text part: the text, then the agency's name and contact details. */
    public static String plain(String text, String agencyName, List<String> contact) {
        StringBuilder plain = new StringBuilder(text.strip()).append("\n\n--\n").append(agencyName);
        contact.forEach(line -> plain.append('\n').append(line));
        return plain.append('\n').toString();
    }

    private static String linked(String text) {
        StringBuilder out = new StringBuilder();
        Matcher link = LINK.matcher(text);
        int at = 0;
        while (link.find()) {
            out.append(escape(text.substring(at, link.start())));
            String url = escape(link.group());
            out.append("<a href=\"").append(url).append("\" style=\"color:#1d4ed8\">").append(url).append("</a>");
            at = link.end();
        }
        return out.append(escape(text.substring(at))).toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
