package digitlab.serving.bench;

import io.javalin.Javalin;

/**
 * A bare Javalin on its own loopback port whose one route does no work: what the HTTP stack and
 * the load client cost by themselves on this machine. /predict's throughput is read against it.
 * It lives only in the bench, so the production app has no such route.
 */
public final class FloorServer implements AutoCloseable {
    public static final String PATH = "/floor";
    private static final String ANSWER = "{\"ok\":true}";

    private final Javalin app;

    /** On a free port. */
    public FloorServer() {
        this(0);
    }

    public FloorServer(int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Same body limit as a default /predict, so the batch-sized bodies would also fit.
            config.http.maxRequestSize = 16L * 1024 * 1024;
        });
        // POST with the same single-digit JSON body /predict gets, so the request bytes match;
        // the handler reads it (as any handler must) and answers a constant.
        app.post(PATH, ctx -> {
            ctx.bodyAsBytes();
            ctx.contentType("application/json").result(ANSWER);
        });
        // GET with no body: the floor of a route like /health, for an outside load tool (bench floor).
        app.get(PATH, ctx -> ctx.contentType("application/json").result(ANSWER));
        app.start("127.0.0.1", port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
