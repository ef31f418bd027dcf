package digitlab.serving.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.serving.grpc.proto.ModelInferRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Request bodies made from real MNIST test digits. A few hundred distinct ones per kind, so the
 * server cannot answer from a warm cache line and the PNG decoder sees real images.
 */
public final class TestDigitBodies {
    private static final int DISTINCT = 200;
    private final ObjectMapper json = new ObjectMapper();
    private final Digits test;

    public TestDigitBodies(Digits test) {
        this.test = test;
    }

    /** {@code {"pixels": [784 floats]}} or, for batch > 1, {@code {"pixels": [[...], ...]}}. */
    public List<LoadRun.Body> json(int batch) {
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            List<float[]> rows = new ArrayList<>();
            for (int k = 0; k < batch; k++) {
                rows.add(test.pixels((b * batch + k) % test.size(), PixelScaling.UNIT));
            }
            Object pixels = batch == 1 ? rows.get(0) : rows;
            bodies.add(new LoadRun.Body("application/json", jsonBytes(Map.of("pixels", pixels))));
        }
        return bodies;
    }

    /** The Open Inference Protocol's JSON infer request: one FP32 tensor {@code [batch, 784]} as JSON numbers. */
    public List<LoadRun.Body> v2Json(int batch) {
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            bodies.add(new LoadRun.Body("application/json", jsonBytes(Map.of("inputs", List.of(Map.of("name", "pixels",
                    "shape", List.of(batch, 784), "datatype", "FP32", "data", flat(b, batch)))))));
        }
        return bodies;
    }

    /**
     * The same with the binary tensor data extension both ways, as Triton's HTTP client sends it: a JSON
     * header, then the floats little-endian, its length in {@code Inference-Header-Content-Length}.
     */
    public List<LoadRun.Body> v2Binary(int batch) {
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            byte[] header = jsonBytes(Map.of(
                    "inputs", List.of(Map.of("name", "pixels", "shape", List.of(batch, 784), "datatype", "FP32",
                            "parameters", Map.of("binary_data_size", batch * 784 * Float.BYTES))),
                    "outputs", List.of(Map.of("name", "probabilities", "parameters", Map.of("binary_data", true)))));
            byte[] floats = littleEndian(flat(b, batch));
            byte[] body = new byte[header.length + floats.length];
            System.arraycopy(header, 0, body, 0, header.length);
            System.arraycopy(floats, 0, body, header.length, floats.length);
            bodies.add(new LoadRun.Body("application/octet-stream", body, "Inference-Header-Content-Length: " + header.length));
        }
        return bodies;
    }

    /** The same tensors as gRPC ModelInfer requests in raw_input_contents, the Triton and KServe clients' default. */
    public List<ModelInferRequest> grpc(String model, int batch) {
        List<ModelInferRequest> requests = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            requests.add(ModelInferRequest.newBuilder().setModelName(model)
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("pixels").setDatatype("FP32")
                            .addShape(batch).addShape(784))
                    .addRawInputContents(ByteString.copyFrom(littleEndian(flat(b, batch)))).build());
        }
        return requests;
    }

    /** Body {@code b}'s digits, row-major. */
    private float[] flat(int b, int batch) {
        float[] values = new float[batch * 784];
        for (int k = 0; k < batch; k++) {
            System.arraycopy(test.pixels((b * batch + k) % test.size(), PixelScaling.UNIT), 0, values, k * 784, 784);
        }
        return values;
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    private byte[] jsonBytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One 28x28 grayscale PNG per body, the way a client with a picture would send it. */
    public List<LoadRun.Body> png() {
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            bodies.add(new LoadRun.Body("image/png", png(b % test.size())));
        }
        return bodies;
    }

    /** Batch-1 model inputs in [0, 1], for timing the model without HTTP. */
    public List<float[]> pixels() {
        List<float[]> rows = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            rows.add(test.pixels(b % test.size(), PixelScaling.UNIT));
        }
        return rows;
    }

    private byte[] png(int i) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            image.getRaster().setSample(p % 28, p / 28, 0, test.pixel(i, p));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
