package digitlab.serving.inference;

import digitlab.core.model.ModelContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the models folder as flat {@code <id>.onnx} files beside folders in Triton's model repository
 * layout: {@code <name>/config.pbtxt} (optional, as in Triton for ONNX) and {@code <name>/<version>/model.onnx}
 * with integer versions, the highest served. An {@code .onnx} file in a subfolder that follows neither
 * is reported as a problem, never ignored, so no message can call the folder empty while it holds models.
 */
final class ModelRepository {
    static final String CONFIG = "config.pbtxt";
    static final String VERSION_FILE = "model.onnx";
    static final String SIDECAR_SUFFIX = ".json";
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    /** What one scan found: the models to serve and, by id, the files that cannot be, with why. */
    record Scan(Map<String, ModelSource> sources, Map<String, String> problems, Map<String, Path> problemFiles) {}

    private ModelRepository() {}

    static Scan scan(Path folder) throws IOException {
        Map<String, ModelSource> sources = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        Map<String, Path> problemFiles = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return new Scan(sources, problems, problemFiles);
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = list.sorted().toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // hidden: editors' and copy tools' temporary files
            }
            if (name.endsWith(ModelContract.FILE_SUFFIX) && Files.isRegularFile(entry)) {
                String id = ModelLoader.idOf(entry);
                Path sidecar = entry.resolveSibling(id + SIDECAR_SUFFIX);
                List<ModelSource.Stamp> stamps = new ArrayList<>();
                if (stamp(entry, stamps)) {
                    Path declaration = stamp(sidecar, stamps) ? sidecar : null;
                    sources.put(id, new ModelSource(id, entry, declaration, null, List.of(), stamps));
                }
            }
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!name.startsWith(".") && Files.isDirectory(entry)) {
                repositoryModel(entry, sources, problems, problemFiles);
            }
        }
        return new Scan(sources, problems, problemFiles);
    }

    private static void repositoryModel(Path dir, Map<String, ModelSource> sources, Map<String, String> problems,
            Map<String, Path> problemFiles) throws IOException {
        String id = dir.getFileName().toString();
        TreeMap<Long, Path> versions = new TreeMap<>();
        List<Path> strays = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.getFileName().toString().endsWith(ModelContract.FILE_SUFFIX) || !Files.isRegularFile(p)) {
                    continue;
                }
                Path relative = dir.relativize(p);
                boolean versioned = relative.getNameCount() == 2 && VERSION.matcher(relative.getName(0).toString()).matches()
                        && relative.getName(1).toString().equals(VERSION_FILE);
                if (versioned) {
                    versions.put(Long.parseLong(relative.getName(0).toString()), p);
                } else {
                    strays.add(p);
                }
            }
        }
        Path config = dir.resolve(CONFIG);
        boolean hasConfig = Files.isRegularFile(config);
        if (versions.isEmpty()) {
            if (hasConfig || !strays.isEmpty()) {
                problems.put(id, "The folder " + id + "/ has " + (strays.isEmpty() ? CONFIG + " but no model"
                        : "ONNX files " + relativeNames(dir, strays) + " outside Triton's layout")
                        + "; Triton's model repository layout wants " + id + "/<version>/" + VERSION_FILE
                        + " with an integer version, e.g. " + id + "/1/" + VERSION_FILE + ".");
                problemFiles.put(id, strays.isEmpty() ? config : strays.get(0));
            }
            return;
        }
        if (sources.containsKey(id)) {
            problems.put(id, "The folder " + id + "/ and the file " + id + ModelContract.FILE_SUFFIX
                    + " would both be served as '" + id + "'; the file is served, rename one of them.");
            problemFiles.put(id, dir);
            return;
        }
        long served = versions.lastKey();
        List<ModelSource.Stamp> stamps = new ArrayList<>();
        if (!stamp(versions.get(served), stamps)) {
            return;
        }
        boolean declared = hasConfig && stamp(config, stamps);
        sources.put(id, new ModelSource(id, versions.get(served), declared ? config : null, served,
                List.copyOf(versions.keySet()), stamps));
    }

    private static String relativeNames(Path dir, List<Path> files) {
        return files.stream().map(f -> dir.getFileName().resolve(dir.relativize(f)).toString()).toList().toString();
    }

    /** Adds the file's stamp; false when it is not a readable regular file (gone between listing and reading). */
    private static boolean stamp(Path file, List<ModelSource.Stamp> stamps) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return false;
            }
            stamps.add(new ModelSource.Stamp(file, a.size(), a.lastModifiedTime().toInstant(), a.fileKey()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
