package digitlab.training.export;

/** A graph holds an op the ONNX exporter has no mapping for; the export stops and writes nothing. */
public class UnsupportedOpException extends IllegalStateException {
    public UnsupportedOpException(String message) {
        super(message);
    }
}
