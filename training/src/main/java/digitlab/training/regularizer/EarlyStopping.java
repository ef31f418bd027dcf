package digitlab.training.regularizer;

import digitlab.core.cli.UsageException;
import digitlab.training.model.TrainConfig;

/**
 * Nielsen's early stopping (ch. 3, "no improvement in n epochs"): after every epoch the run is
 * measured on a validation set of training images it never trains on ({@link #VALIDATION_IMAGES}
 * of them, the last of the training file, so never the study's first 1000 nor any test image); the
 * epoch with the best validation accuracy so far is kept, and the run stops once {@code patience}
 * epochs in a row have not beaten it. The exported model is the kept epoch's.
 */
final class EarlyStopping implements Regularizer {
    /** Validation images per run: as many as the study's test images, so its accuracy moves in 0.05-point steps too. */
    static final int VALIDATION_IMAGES = 2000;

    @Override
    public String id() {
        return "early-stop";
    }

    @Override
    public String familyTitle() {
        return "Early stopping: keep the best validation epoch, stop after `patience` epochs without a better one (CE)";
    }

    @Override
    public String familyShortName() {
        return "Early stopping";
    }

    @Override
    public String strengthFlag() {
        return "--patience";
    }

    @Override
    public double checkStrength(double patience) {
        if (!(patience >= 1) || patience != Math.rint(patience)) {
            throw new UsageException("--patience must be a whole number of epochs, 1 or more, not " + patience + ".");
        }
        return patience;
    }

    @Override
    public int validationImages() {
        return VALIDATION_IMAGES;
    }

    @Override
    public EpochRule epochRule(TrainConfig run) {
        return new PatienceRule((int) run.strength());
    }
}
