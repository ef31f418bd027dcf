package digitlab.serving.grpc;

import com.google.protobuf.ByteString;
import digitlab.core.model.ModelContract;
import digitlab.serving.grpc.proto.GRPCInferenceServiceGrpc;
import digitlab.serving.grpc.proto.InferTensorContents;
import digitlab.serving.grpc.proto.ModelInferRequest;
import digitlab.serving.grpc.proto.ModelInferResponse;
import digitlab.serving.grpc.proto.ModelMetadataRequest;
import digitlab.serving.grpc.proto.ModelMetadataResponse;
import digitlab.serving.grpc.proto.ModelReadyRequest;
import digitlab.serving.grpc.proto.ModelReadyResponse;
import digitlab.serving.grpc.proto.ServerLiveRequest;
import digitlab.serving.grpc.proto.ServerLiveResponse;
import digitlab.serving.grpc.proto.ServerMetadataRequest;
import digitlab.serving.grpc.proto.ServerMetadataResponse;
import digitlab.serving.grpc.proto.ServerReadyRequest;
import digitlab.serving.grpc.proto.ServerReadyResponse;
import digitlab.serving.inference.InvalidInputException;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.service.OpenInferenceService;
import digitlab.serving.service.OpenInferenceService.ModelDescription;
import digitlab.serving.service.OpenInferenceService.Tensor;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The protocol's gRPC service: client/server IO only, over the same {@link OpenInferenceService} as the
 * REST endpoints. Inputs come typed ({@code contents.fp32_contents}) or raw ({@code raw_input_contents},
 * the Triton and KServe clients' default); the answer comes back the way the input came.
 */
final class GrpcInferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    /** No request, input or output parameter changes what is answered here, so any sent is refused by name. */
    private static final Set<String> NO_PARAMETERS = Set.of();

    private final OpenInferenceService protocol;

    GrpcInferenceService(OpenInferenceService protocol) {
        this.protocol = protocol;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        answer(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        answer(out, () -> ServerReadyResponse.newBuilder().setReady(protocol.serverNotReady().isEmpty()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        answer(out, () -> ModelReadyResponse.newBuilder()
                .setReady(protocol.modelNotReady(protocol.model(request.getName(), request.getVersion())).isEmpty()).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        // No protocol extension is served over gRPC (binary_tensor_data is REST's; raw contents need none).
        answer(out, () -> ServerMetadataResponse.newBuilder().setName(OpenInferenceService.SERVER_NAME)
                .setVersion(protocol.serverVersion()).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        answer(out, () -> {
            ModelDescription model = protocol.describe(protocol.model(request.getName(), request.getVersion()));
            ModelMetadataResponse.Builder reply = ModelMetadataResponse.newBuilder().setName(model.name())
                    .addAllVersions(model.versions()).setPlatform(model.platform());
            model.inputs().forEach(t -> reply.addInputs(tensor(t)));
            model.outputs().forEach(t -> reply.addOutputs(tensor(t)));
            return reply.build();
        });
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        answer(out, () -> infer(request));
    }

    private ModelInferResponse infer(ModelInferRequest request) {
        OnnxModel model = protocol.model(request.getModelName(), request.getModelVersion());
        String id = OpenInferenceService.checkId(request.getId());
        OpenInferenceService.refuseUnsupported(request.getParametersMap().keySet(), "the request", NO_PARAMETERS);
        if (request.getInputsCount() != 1) {
            throw new InvalidInputException("The request has " + request.getInputsCount() + " input tensors; the model takes"
                    + " exactly one, '" + ModelContract.INPUT + "'.");
        }
        ModelInferRequest.InferInputTensor input = request.getInputs(0);
        OpenInferenceService.checkInput(input.getName(), input.getDatatype());
        long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
        int rows = OpenInferenceService.rowsOf(shape, Arrays.toString(shape));
        OpenInferenceService.refuseUnsupported(input.getParametersMap().keySet(), "the input", NO_PARAMETERS);
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            OpenInferenceService.checkOutput(output.getName());
            OpenInferenceService.refuseUnsupported(output.getParametersMap().keySet(), "the output", NO_PARAMETERS);
        }
        boolean raw = request.getRawInputContentsCount() > 0;
        PixelBatch batch = OpenInferenceService.batch(raw ? rawValues(request, input) : typedValues(input), rows);
        // A call whose client gave up (deadline passed, cancelled) while it waited is not run: no one reads it.
        if (Context.current().isCancelled()) {
            throw Status.DEADLINE_EXCEEDED.withDescription("The call's deadline passed before it was run.").asRuntimeException();
        }
        OpenInferenceService.Answer answer = protocol.infer(model, batch);
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(ModelContract.OUTPUT).setDatatype(OpenInferenceService.FP32)
                .addShape(answer.rows()).addShape(ModelContract.CLASSES);
        ModelInferResponse.Builder reply = ModelInferResponse.newBuilder().setModelName(answer.model())
                .setModelVersion(answer.version());
        if (id != null) {
            reply.setId(id);
        }
        if (raw) {
            reply.addOutputs(output).addRawOutputContents(littleEndian(answer.probabilities()));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float p : answer.probabilities()) {
                contents.addFp32Contents(p);
            }
            reply.addOutputs(output.setContents(contents));
        }
        return reply.build();
    }

    private static float[] rawValues(ModelInferRequest request, ModelInferRequest.InferInputTensor input) {
        if (request.getRawInputContentsCount() != 1) {
            throw new InvalidInputException("raw_input_contents has " + request.getRawInputContentsCount()
                    + " entries; one input needs exactly one.");
        }
        if (input.hasContents()) {
            throw new InvalidInputException("The input has both contents and raw_input_contents; send one.");
        }
        ByteString bytes = request.getRawInputContents(0);
        if (bytes.size() % Float.BYTES != 0) {
            throw new InvalidInputException("raw_input_contents holds " + bytes.size() + " bytes, not a whole number of "
                    + OpenInferenceService.FP32 + " values (4 bytes each).");
        }
        float[] values = new float[bytes.size() / Float.BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static float[] typedValues(ModelInferRequest.InferInputTensor input) {
        InferTensorContents contents = input.getContents();
        if (contents.getBoolContentsCount() + contents.getIntContentsCount() + contents.getInt64ContentsCount()
                + contents.getUintContentsCount() + contents.getUint64ContentsCount() + contents.getFp64ContentsCount()
                + contents.getBytesContentsCount() > 0) {
            throw new InvalidInputException("An " + OpenInferenceService.FP32 + " input's values go in contents.fp32_contents"
                    + " (or raw_input_contents), not in another contents field.");
        }
        float[] values = new float[contents.getFp32ContentsCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = contents.getFp32Contents(i);
        }
        return values;
    }

    private static ByteString littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return ByteString.copyFrom(bytes.array());
    }

    private static ModelMetadataResponse.TensorMetadata tensor(Tensor tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name()).setDatatype(tensor.datatype())
                .addAllShape(tensor.shape()).build();
    }

    /** Sends what {@code reply} makes, or the status its failure maps to; nothing to a client that has gone. */
    private static <T> void answer(StreamObserver<T> out, Supplier<T> reply) {
        T message;
        try {
            message = reply.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.statusOf(e).asRuntimeException());
            return;
        }
        if (out instanceof ServerCallStreamObserver<T> call && call.isCancelled()) {
            return;
        }
        out.onNext(message);
        out.onCompleted();
    }
}
