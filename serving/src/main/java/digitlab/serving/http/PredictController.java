package digitlab.serving.http;

import digitlab.serving.inference.ModelAnswer;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.Prediction;
import digitlab.serving.service.PredictionService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /predict}: client IO only; reading is {@link PredictRequestReader}'s, answering the service's. */
final class PredictController {
    private final PredictRequestReader reader;
    private final PredictionService predictions;
    private final Metrics metrics;

    PredictController(PredictRequestReader reader, PredictionService predictions, Metrics metrics) {
        this.reader = reader;
        this.predictions = predictions;
        this.metrics = metrics;
    }

    void predict(Context ctx) {
        long start = System.nanoTime();
        reader.read(ctx, batch -> answer(ctx, batch, start));
    }

    private void answer(Context ctx, PixelBatch batch, long start) {
        String choice = ctx.queryParam("model");
        List<ModelAnswer> answers = predictions.answer(choice, batch);
        answers.stream().filter(a -> !a.failed())
                .forEach(a -> metrics.recordInference(a.model(), batch.rows(), a.milliseconds() / 1000));
        Map<String, Object> body;
        if (PredictionService.ALL.equals(choice)) {
            body = new LinkedHashMap<>();
            body.put("models", answers.stream().map(a -> view(a, batch.single())).toList());
        } else {
            body = view(answers.get(0), batch.single());
        }
        if ("input".equals(ctx.queryParam("include"))) {
            // What the models saw after image preprocessing: lets a client check the crop and centring.
            body.put("input", batch.single() ? batch.row(0)
                    : java.util.stream.IntStream.range(0, batch.rows()).mapToObj(batch::row).toList());
        }
        body.put("milliseconds", (System.nanoTime() - start) / 1e6);
        ctx.json(body);
    }

    /**
     * One model's answer, shaped like the question: a single digit answers {@code digit} and
     * {@code probabilities}, a batch answers a {@code predictions} list of those.
     */
    private static Map<String, Object> view(ModelAnswer answer, boolean single) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", answer.model());
        if (answer.failed()) {
            out.put("error", answer.error());
            return out;
        }
        if (single) {
            Prediction p = answer.predictions().get(0);
            out.put("digit", p.digit());
            out.put("probabilities", p.probabilities());
        } else {
            out.put("predictions", answer.predictions());
        }
        out.put("inferenceMilliseconds", answer.milliseconds());
        return out;
    }
}
