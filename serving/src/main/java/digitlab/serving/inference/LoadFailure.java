package digitlab.serving.inference;

import java.nio.file.Path;
import java.time.Instant;

/** A file in the models folder that is not served, and why; shown by {@code /models}. */
public record LoadFailure(String id, Path file, String error, Instant at) {}
