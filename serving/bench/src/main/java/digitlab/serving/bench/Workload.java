package digitlab.serving.bench;

import java.util.List;

/**
 * One kind of request the bench sends: a row label, the path it goes to, the bodies cycled
 * through, and how many digits each carries. {@code floor} marks the do-nothing endpoint the
 * /predict rows are compared with.
 */
public record Workload(String label, String path, List<LoadRun.Body> bodies, int digitsPerRequest, boolean floor) {}
