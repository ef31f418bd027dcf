package digitlab.serving.http;

import digitlab.serving.inference.OnnxModel;
import digitlab.serving.service.OpenInferenceService;
import digitlab.serving.service.OpenInferenceService.ModelDescription;
import digitlab.serving.service.OpenInferenceService.Tensor;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
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

    void server(Context ctx) {
        ctx.json(Map.of("name", OpenInferenceService.SERVER_NAME, "version", protocol.serverVersion(),
                "extensions", List.of("binary_tensor_data")));
    }

    void live(Context ctx) {
        ctx.json(Map.of("live", true));
    }

    void ready(Context ctx) {
        protocol.serverNotReady().ifPresent(reason -> {
            throw new NotReadyException(reason);
        });
        ctx.json(Map.of("ready", true));
    }

    void model(Context ctx) {
        ModelDescription model = protocol.describe(served(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model.name());
        body.put("versions", model.versions());
        body.put("platform", model.platform());
        body.put("inputs", model.inputs().stream().map(OpenInferenceController::tensor).toList());
        body.put("outputs", model.outputs().stream().map(OpenInferenceController::tensor).toList());
        ctx.json(body);
    }

    void modelReady(Context ctx) {
        OnnxModel model = served(ctx);
        protocol.modelNotReady(model).ifPresent(reason -> {
            throw new NotReadyException(reason);
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
            throw new UnsupportedMediaTypeException("The inference endpoint takes application/json, or JSON followed by "
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

    private static Map<String, Object> tensor(Tensor tensor) {
        return Map.of("name", tensor.name(), "datatype", tensor.datatype(), "shape", tensor.shape());
    }
}
