package digitlab.serving.inference;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where one model id comes from in the models folder: a flat {@code <id>.onnx} (with an optional
 * sidecar {@code <id>.json}), or a folder in Triton's model repository layout, {@code <id>/config.pbtxt}
 * and {@code <id>/<version>/model.onnx}, whose highest version is served.
 *
 * @param declaration the sidecar or {@code config.pbtxt}; null when there is none
 * @param version the served version in the repository layout; null for a flat file
 * @param versions every version the layout holds, lowest first; empty for a flat file
 * @param stamps what identifies this state of every file involved: a change to any is a new version to load
 */
public record ModelSource(String id, Path onnx, Path declaration, Long version, List<Long> versions,
        List<Stamp> stamps) {

    /** One file's size, modification time and key: an atomic rename changes the key, a rewrite the rest. */
    public record Stamp(Path file, long size, Instant modified, Object fileKey) {}

    public ModelSource {
        versions = List.copyOf(versions);
        stamps = List.copyOf(stamps);
    }

    public boolean repositoryLayout() {
        return version != null;
    }

    /** The newest modification among its files, to wait until a copy in progress has settled. */
    Instant lastModified() {
        return stamps.stream().map(Stamp::modified).max(Instant::compareTo).orElse(Instant.EPOCH);
    }
}
