package digitlab.serving.http;

import digitlab.serving.inference.OnnxModel;
import digitlab.serving.service.OpenInferenceService;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol v2 REST endpoints (KServe, Triton), so standard clients and probes
 * work unchanged: tensors in, tensors out, JSON {@code {"error": "..."}} on failure. Client/server IO
 * only: what the protocol means is {@link OpenInferenceService}'s, shared with the gRPC service.
 */
final class OpenInferenceController {
    private final OpenInferenceService protocol;
    private final RequestBodies bodies;

    OpenInferenceController(OpenInferenceService protocol, RequestBodies bodies) {
        this.protocol = protocol;
        this.bodies = bodies;
    }

    /** The server metadata call's answer. */
    record ServerMetadata(String name, String version, List<String> extensions) {}

    void server(Context ctx) {
        ctx.json(new ServerMetadata(OpenInferenceService.SERVER_NAME, protocol.serverVersion(), List.of("binary_tensor_data")));
    }

    void live(Context ctx) {
        ctx.json(Map.of("live", true));
    }

    /**
     * Readiness is a boolean by status alone, 200 for true and a 4xx for false (the Open Inference
     * Protocol's health APIs; Triton answers 400), so a probe reads "not ready" without parsing a
     * body. The body still says why.
     */
    void ready(Context ctx) {
        protocol.serverNotReady().ifPresent(reason -> {
            throw new BadRequestResponse(reason);
        });
        ctx.json(Map.of("ready", true));
    }

    void model(Context ctx) {
        ctx.json(protocol.describe(served(ctx)));
    }

    /** The same for one model: 400 while it is not ready (see {@link #ready}). */
    void modelReady(Context ctx) {
        OnnxModel model = served(ctx);
        protocol.modelNotReady(model).ifPresent(reason -> {
            throw new BadRequestResponse(reason);
        });
        ctx.json(Map.of("name", model.id(), "ready", true));
    }

    void infer(Context ctx) {
        OnnxModel model = served(ctx);
        String headerLength = ctx.header(InferenceRequestReader.HEADER_LENGTH);
        String type = RequestBodies.mediaType(ctx);
        // With the binary extension's header the body is JSON then bytes; clients label it variously
        // (Triton's sends no Content-Type, others application/octet-stream), so only its header decides.
        if (headerLength == null && !type.isEmpty() && !RequestBodies.isJson(type)) {
            throw new UnsupportedMediaTypeResponse("The inference endpoint takes application/json, or JSON followed by "
                    + "binary tensors with an " + InferenceRequestReader.HEADER_LENGTH + " header; not " + Quote.brief(type) + ".");
        }
        bodies.read(ctx, body -> {
            InferenceRequest request = InferenceRequestReader.read(body, headerLength);
            InferenceReply.write(ctx, request, protocol.infer(model, request.batch()));
        });
    }

    /** The model the route names, at the version it names (none on the plain routes: the one served). */
    private OnnxModel served(Context ctx) {
        return protocol.model(ctx.pathParam("name"), ctx.pathParamMap().get("version"));
    }
}
