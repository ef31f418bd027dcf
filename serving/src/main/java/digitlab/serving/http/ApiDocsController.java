package digitlab.serving.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code /openapi.json} (written by hand next to the code it describes; a test checks every route
 * is in it) and {@code /swagger}, Swagger UI from its webjar in our jar: no CDN.
 */
final class ApiDocsController {
    private final String spec;
    private final String swaggerPage;

    ApiDocsController() {
        spec = resource("/openapi.json");
        String ui = "/webjars/swagger-ui/" + swaggerUiVersion();
        swaggerPage = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>digit-lab API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script src="/swagger-init.js"></script>
                </body></html>
                """.formatted(ui);
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(spec);
    }

    void swagger(Context ctx) {
        ctx.html(swaggerPage);
    }

    /** Swagger UI's start-up line, as a file: the Content-Security-Policy allows no inline script. */
    void swaggerInit(Context ctx) {
        ctx.contentType("text/javascript").result("window.ui = SwaggerUIBundle({url: \"/openapi.json\", dom_id: \"#swagger-ui\"});\n");
    }

    /** The webjar's folder is named by its version, which its Maven properties record. */
    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocsController.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in == null) {
                throw new IllegalStateException("The swagger-ui webjar is missing from the class path.");
            }
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ApiDocsController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + name + " is missing from the jar.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
