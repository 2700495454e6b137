package dev.billing.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local run's SMS and WhatsApp provider, as the mail catcher is its SMTP server: an HTTP server that speaks the two
 * published APIs notification-service uses, so its real adapters run with no outside account. It accepts
 * {@code POST /2010-04-01/Accounts/{sid}/Messages.json} as Twilio does and {@code POST /v21.0/{phone-number-id}/messages}
 * as WhatsApp's Cloud API does (checking the credentials of {@link #credentials()}), reports each message delivered
 * through the webhooks, signed as those providers sign them, and shows every message on its page, {@code GET /}.
 */
public final class PhoneSandbox implements AutoCloseable {
    public static final String ACCOUNT_SID = "AC0000000000000000000000000000sandbox";
    public static final String AUTH_TOKEN = "sandbox-twilio-auth-token";
    public static final String FROM = "+15005550006";
    public static final String WHATSAPP_TOKEN = "sandbox-whatsapp-token";
    public static final String PHONE_NUMBER_ID = "100000000000001";
    public static final String APP_SECRET = "sandbox-whatsapp-app-secret";
    public static final String VERIFY_TOKEN = "sandbox-whatsapp-verify-token";
    private static final Pattern WHATSAPP_TO = Pattern.compile("\"to\"\\s*:\\s*\"([0-9]+)\"");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([a-z0-9_]+)\"");
    private static final Pattern PARAMETER = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One message the sandbox took. */
    public record Message(Instant at, String channel, String id, String to, String text) {
    }

    private final HttpServer server;
    private final String whatsAppWebhook;
    private final List<Message> messages = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService reports = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "phone-sandbox-reports");
        thread.setDaemon(true);
        return thread;
    });

    private PhoneSandbox(HttpServer server, String whatsAppWebhook) {
        this.server = server;
        this.whatsAppWebhook = whatsAppWebhook;
    }

    /** Starts on {@code port} (0: any free one); WhatsApp's status reports go to {@code publicBaseUrl}/webhooks/whatsapp. */
    public static PhoneSandbox start(int port, String publicBaseUrl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            PhoneSandbox sandbox = new PhoneSandbox(server, publicBaseUrl + "/webhooks/whatsapp");
            server.createContext("/", sandbox::handle);
            server.start();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("The SMS and WhatsApp sandbox could not listen on port " + port, e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The variables that point notification-service at this sandbox, with its credentials. */
    public Map<String, String> credentials() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TWILIO_BASE_URL", baseUrl());
        env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        env.put("TWILIO_FROM", FROM);
        env.put("WHATSAPP_BASE_URL", baseUrl());
        env.put("WHATSAPP_TOKEN", WHATSAPP_TOKEN);
        env.put("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID);
        env.put("WHATSAPP_APP_SECRET", APP_SECRET);
        env.put("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN);
        return env;
    }

    public synchronized List<Message> received() {
        return List.copyOf(messages);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json")) {
                twilio(exchange);
            } else if (method.equals("POST") && path.equals("/v21.0/" + PHONE_NUMBER_ID + "/messages")) {
                whatsApp(exchange);
            } else if (method.equals("GET") && path.equals("/")) {
                respond(exchange, 200, "text/html; charset=utf-8", page());
            } else {
                respond(exchange, 404, "application/json", "{\"message\":\"not a sandbox endpoint\"}");
            }
        }
    }

    private void twilio(HttpExchange exchange) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "application/json", "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String to = form.getOrDefault("To", "");
        if (!to.matches("\\+[1-9][0-9]{6,14}")) {
            respond(exchange, 400, "application/json", "{\"code\":21211,\"message\":\"The 'To' number " + json(to)
                    + " is not a valid phone number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
            return;
        }
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        record(new Message(Instant.now(), "SMS", sid, to, form.getOrDefault("Body", "")));
        respond(exchange, 201, "application/json", "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"" + json(to)
                + "\",\"from\":\"" + FROM + "\",\"account_sid\":\"" + ACCOUNT_SID + "\"}");
        String callback = form.get("StatusCallback");
        if (callback != null) {
            reports.execute(() -> twilioReport(callback, sid, to));
        }
    }

    private void whatsApp(HttpExchange exchange) throws IOException {
        if (!("Bearer " + WHATSAPP_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "application/json", "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher to = WHATSAPP_TO.matcher(body);
        Matcher template = TEMPLATE_NAME.matcher(body);
        if (!to.find() || !template.find()) {
            respond(exchange, 400, "application/json", "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100}}");
            return;
        }
        List<String> parameters = new ArrayList<>();
        Matcher parameter = PARAMETER.matcher(body);
        while (parameter.find()) {
            parameters.add(parameter.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        String id = "wamid." + UUID.randomUUID().toString().replace("-", "");
        record(new Message(Instant.now(), "WHATSAPP", id, "+" + to.group(1), template.group(1) + " " + parameters));
        respond(exchange, 200, "application/json", "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to.group(1)
                + "\",\"wa_id\":\"" + to.group(1) + "\"}],\"messages\":[{\"id\":\"" + id + "\",\"message_status\":\"accepted\"}]}");
        reports.execute(() -> whatsAppReport(id, to.group(1)));
    }

    /** Twilio's status callback: form fields, signed by X-Twilio-Signature over the URL and the sorted fields. */
    private void twilioReport(String callback, String sid, String to) {
        Map<String, String> fields = new TreeMap<>(Map.of("MessageSid", sid, "SmsSid", sid, "MessageStatus", "delivered",
                "AccountSid", ACCOUNT_SID, "To", to, "From", FROM, "ApiVersion", "2010-04-01"));
        StringBuilder signed = new StringBuilder(callback);
        fields.forEach((name, value) -> signed.append(name).append(value));
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", AUTH_TOKEN, signed.toString()));
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        deliver(HttpRequest.newBuilder(URI.create(callback)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** WhatsApp's status notification, signed by X-Hub-Signature-256 over the raw body. */
    private void whatsAppReport(String id, String to) {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"0\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},\"statuses\":[{\"id\":\""
                + id + "\",\"status\":\"delivered\",\"timestamp\":\"" + Instant.now().getEpochSecond() + "\",\"recipient_id\":\"" + to
                + "\"}]},\"field\":\"messages\"}]}]}";
        String signature = "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", APP_SECRET, body));
        deliver(HttpRequest.newBuilder(URI.create(whatsAppWebhook)).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void deliver(HttpRequest report) {
        try {
            http.send(report, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            System.err.println("sandbox: the delivery report to " + report.uri() + " did not arrive: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(Message message) {
        messages.add(message);
    }

    private String page() {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Local SMS and WhatsApp</title>"
                + "<h1>SMS and WhatsApp messages</h1><p>Newest first.</p><table border=1 cellpadding=4>"
                + "<tr><th>Time (UTC)</th><th>Channel</th><th>To</th><th>Text</th><th>Provider id</th></tr>");
        List<Message> all = received();
        for (int i = all.size() - 1; i >= 0; i--) {
            Message m = all.get(i);
            html.append("<tr><td>").append(m.at()).append("</td><td>").append(m.channel()).append("</td><td>").append(escape(m.to()))
                    .append("</td><td>").append(escape(m.text())).append("</td><td>").append(m.id()).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (!parts[0].isEmpty()) {
                form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static byte[] hmac(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
        reports.shutdownNow();
    }
}
