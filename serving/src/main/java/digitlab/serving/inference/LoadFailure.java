package digitlab.serving.inference;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file in the models folder that is not served, and why; shown by {@code /models}.
 *
 * @param file the file, relative to the models folder: {@code <id>.onnx}, or e.g. {@code <id>/2/model.onnx}
 */
public record LoadFailure(String id, Path file, String error, Instant at) {}
