package dev.billing.invoice.document;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.logging.Level;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Fills an XHTML template of {@code documents/} and lays it out as PDF with openhtmltopdf and the
 * DejaVu fonts shipped in this jar, so Turkish and Hungarian letters print the same on every
 * machine, whatever fonts it has. Shared by every document this service prints.
 */
@Component
public class XhtmlPdf {
    private static final String FAMILY = "DejaVu Sans";
    private static final byte[] REGULAR = font("fonts/DejaVuSans.ttf");
    private static final byte[] BOLD = font("fonts/DejaVuSans-Bold.ttf");

    static {
        // openhtmltopdf logs timings and font loading at INFO, several lines per PDF
        for (String logger : XRLog.listRegisteredLoggers()) {
            XRLog.setLevel(logger, Level.WARNING);
        }
    }

    private final TemplateEngine templates;

    public XhtmlPdf() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(XhtmlPdf.class.getClassLoader());
        resolver.setPrefix("documents/");
        resolver.setSuffix(".xhtml");
        // XML mode: the output must be well-formed XHTML for openhtmltopdf's XML parser
        resolver.setTemplateMode(TemplateMode.XML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        templates = new TemplateEngine();
        templates.setTemplateResolver(resolver);
    }

    /** The template {@code documents/<template>.xhtml} filled with {@code model} (preformatted strings) in {@code language}. */
    public byte[] render(String template, DocumentLanguage language, Map<String, Object> model) {
        String xhtml = templates.process(template, new Context(language.locale(), model));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> new ByteArrayInputStream(REGULAR), FAMILY, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(() -> new ByteArrayInputStream(BOLD), FAMILY, 700, BaseRendererBuilder.FontStyle.NORMAL, true);
            builder.withProducer("billing-platform invoice-service");
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render the PDF " + template, e);
        }
        return out.toByteArray();
    }

    private static byte[] font(String resource) {
        try (InputStream in = XhtmlPdf.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Font " + resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
