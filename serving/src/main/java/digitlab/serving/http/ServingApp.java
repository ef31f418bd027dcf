package digitlab.serving.http;

import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.image.ImageDecoder;
import digitlab.serving.image.ImageRejectedException;
import digitlab.serving.image.ImageTooLargeException;
import digitlab.serving.inference.InferenceFailedException;
import digitlab.serving.inference.InvalidInputException;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.NoModelLoadedException;
import digitlab.serving.inference.UnknownModelException;
import digitlab.serving.service.OpenInferenceService;
import digitlab.serving.inference.OverBudgetException;
import digitlab.serving.service.PredictionService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP server from its dependencies; starting and stopping it is the caller's. Every
 * route is listed here, every error type mapped to its status here.
 */
public final class ServingApp {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApp.class);
    private static final String ERROR_WRITTEN = "digitlab.error-written";
    /**
     * Jetty's worker threads (Javalin's default was 250). They parse headers, hand out body bytes and
     * compute answers, none of which waits on a client, so 100 is plenty, and a cap slow clients cannot raise.
     */
    public static final int MAX_THREADS = 100;
    private static final int MIN_THREADS = 8;

    private ServingApp() {}

    /** @param protocol the Open Inference Protocol over the same registry and metrics (the gRPC service shares it) */
    public static Javalin create(ServingSettings settings, ModelRegistry registry, AccuracyEvaluator accuracy,
            Metrics metrics, OpenInferenceService protocol) {
        PredictionService predictions = new PredictionService(registry, accuracy, settings.defaultModel());
        RequestBodies bodies = new RequestBodies(settings.maxBodyBytes());
        ImageDecoder decoder = new ImageDecoder(settings.maxImageSide(), settings.maxImagePixels());
        PredictController predict = new PredictController(new PredictRequestReader(bodies, decoder, settings.maxRequestPixels()), predictions, metrics);
        ModelsController models = new ModelsController(registry, accuracy, predictions);
        OpenInferenceController v2 = new OpenInferenceController(protocol, bodies);
        OperationsController ops = new OperationsController(registry, accuracy, metrics);
        ApiDocsController docs = new ApiDocsController();

        AccessLog accessLog = new AccessLog();
        Javalin app = Javalin.create(config -> configure(config, settings, metrics, accessLog));
        // Includes bodies still arriving: a probe sees a drain progress, and a test when a request is in.
        metrics.gauge("digitlab_http_requests_in_flight", "HTTP requests being received or answered.",
                () -> requestsInFlight(app));
        AccessPolicy access = new AccessPolicy(settings.apiKey());

        app.before(AccessPolicy::securityHeaders);
        // Javalin matches every before filter's path against every request by regular expression, so
        // the key's filters are only there when there is a key to check.
        if (access.keyRequired()) {
            for (String prediction : List.of("/predict", "/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer")) {
                app.before(prediction, access::requireKey);
            }
        }

        // Javalin tries a method's routes in the order added, by regular expression, up to the first
        // that matches: the probes, asked most often and cheapest to answer, come first.
        app.get("/health", ops::health);
        app.post("/predict", predict::predict);
        app.get("/models", models::list);
        app.get("/models/{id}", models::one);
        app.get("/leaderboard", models::leaderboard);

        app.get("/v2", v2::server);
        app.get("/v2/health/live", v2::live);
        app.get("/v2/health/ready", v2::ready);
        app.get("/v2/models/{name}", v2::model);
        app.get("/v2/models/{name}/ready", v2::modelReady);
        app.post("/v2/models/{name}/infer", v2::infer);
        app.get("/v2/models/{name}/versions/{version}", v2::model);
        app.get("/v2/models/{name}/versions/{version}/ready", v2::modelReady);
        app.post("/v2/models/{name}/versions/{version}/infer", v2::infer);

        app.get("/metrics", ops::metrics);
        app.get("/openapi.json", docs::openApi);
        app.get("/swagger", docs::swagger);
        app.get("/swagger-init.js", docs::swaggerInit);

        mapErrors(app);
        return app;
    }

    private static void configure(JavalinConfig config, ServingSettings settings, Metrics metrics, AccessLog accessLog) {
        config.showJavalinBanner = false;
        // A known path with the wrong method is 405, not 404: the client has the right address.
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxBodyBytes();
        // Javalin copies each answer to the socket through a new buffer of this size (default 32 KiB,
        // zeroed for every response: 14% of /health's CPU). Answers here are mostly under 4 KiB;
        // larger ones are copied in more pieces into Jetty's own output buffer, which is unchanged.
        config.http.responseBufferSize = 4096;
        // Bounded: request bodies are read without holding a thread (RequestBodies), so these threads only
        // ever parse headers and compute answers, and slow clients cannot make the pool grow.
        config.jetty.threadPool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000);
        config.jetty.multipartConfig.maxFileSize(settings.maxBodyBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(settings.maxBodyBytes(), SizeUnit.BYTES);
        // Keep uploads in memory (they are bounded above): no temp files to clean up or fill.
        config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(settings.maxBodyBytes(), Integer.MAX_VALUE),
                SizeUnit.BYTES);
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
        if (!settings.corsOrigins().isEmpty()) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (settings.corsOrigins().contains("*")) {
                    rule.anyHost();
                } else {
                    String first = settings.corsOrigins().get(0);
                    rule.allowHost(first, settings.corsOrigins().subList(1, settings.corsOrigins().size())
                            .toArray(String[]::new));
                }
            }));
        }
        config.requestLogger.http((ctx, millis) -> {
            String route = routeOf(ctx);
            int status = ctx.statusCode();
            metrics.recordRequest(ctx.method().name(), route, status, millis / 1000);
            accessLog.add(ctx.ip(), ctx.method().name(), ctx.path(), status, millis);
        });
        config.events.serverStopped(accessLog::close);
    }

    private static int requestsInFlight(Javalin app) {
        StatisticsHandler stats = app.jettyServer().server().getChildHandlerByClass(StatisticsHandler.class);
        return stats == null ? 0 : stats.getRequestsActive();
    }

    /**
     * The matched route pattern for metrics. Static files share one label and so do all paths no
     * route matched, so a scan of random URLs cannot grow the label set.
     */
    private static String routeOf(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            if (path != null && !path.isEmpty() && !path.equals("*")) {
                return path;
            }
        } catch (RuntimeException e) {
            // No endpoint matched: a static file or nothing at all.
        }
        return ctx.statusCode() < 400 ? "static" : "unmatched";
    }

    private static void mapErrors(Javalin app) {
        app.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        // gRPC answers these RESOURCE_EXHAUSTED; HTTP keeps them a 400, as the protocol's REST side has no better status.
        app.exception(OverBudgetException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(ImageRejectedException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(ImageTooLargeException.class, (e, ctx) -> error(ctx, 413, e.getMessage()));
        app.exception(UnknownModelException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(NoModelLoadedException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
        // Javalin's own refusals and the HTTP layer's (BadRequestResponse, NotFoundResponse, ContentTooLargeResponse, ...).
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 405 ? ctx.method() + " is not allowed on " + ctx.path() + "; see /openapi.json." : e.getMessage()));
        // The model is broken, not the server: 503 for this model (the others still answer), one log line.
        app.exception(InferenceFailedException.class, (e, ctx) -> {
            LOG.warn("{}", e.getMessage());
            error(ctx, 503, e.getMessage() + " It is marked unhealthy in GET /models.");
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "The server failed unexpectedly; its log has the details.");
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) {
                error(ctx, 404, "There is nothing at " + ctx.method() + " " + ctx.path() + "; see /openapi.json.");
            }
        });
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute(ERROR_WRITTEN, true);
        ctx.status(status).json(Map.of("error", Quote.message(message)));
    }
}
