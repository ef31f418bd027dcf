package digitlab.training.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts task attempts that did not succeed, so the driver can say that Spark retried them. */
final class FailedAttempts extends SparkListener {
    private final List<String> reasons = new ArrayList<>();

    static FailedAttempts listenTo(JavaSparkContext sc) {
        FailedAttempts listener = new FailedAttempts();
        sc.sc().addSparkListener(listener);
        return listener;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() != Success$.MODULE$) {
            reasons.add(end.reason().toString());
        }
    }

    synchronized int count() {
        return reasons.size();
    }

    synchronized String reasons() {
        return String.join("; ", reasons);
    }
}
