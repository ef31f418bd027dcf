package digitlab.serving.grpc;

import digitlab.serving.http.Quote;
import digitlab.serving.inference.InferenceFailedException;
import digitlab.serving.inference.InvalidInputException;
import digitlab.serving.inference.NoModelLoadedException;
import digitlab.serving.inference.UnknownModelException;
import digitlab.serving.inference.OverBudgetException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way a call fails on purpose, as the gRPC status a client can act on, with the one sentence that
 * says why; the gRPC counterpart of the HTTP app's error mapping. A failure nobody planned is INTERNAL
 * with a plain sentence and one log line: a client never sees UNKNOWN or a stack trace.
 */
final class GrpcErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {}

    static Status statusOf(RuntimeException e) {
        if (e instanceof StatusRuntimeException status) {
            return status.getStatus();
        }
        Status status;
        if (e instanceof UnknownModelException) {
            status = Status.NOT_FOUND;
        } else if (e instanceof InvalidInputException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof OverBudgetException) {
            status = Status.RESOURCE_EXHAUSTED;
        } else if (e instanceof NoModelLoadedException) {
            status = Status.UNAVAILABLE;
        } else if (e instanceof InferenceFailedException) {
            // The model is broken, not the server: the other models still answer.
            LOG.warn("{}", e.getMessage());
            return Status.UNAVAILABLE.withDescription(Quote.message(e.getMessage() + " It is marked unhealthy in GET /models."));
        } else {
            LOG.error("Unexpected failure in a gRPC call", e);
            return Status.INTERNAL.withDescription("The server failed unexpectedly; its log has the details.");
        }
        return status.withDescription(Quote.message(e.getMessage()));
    }
}
