package digitlab.serving.http;

/** 415: A body whose content type /predict does not take. */
public class UnsupportedMediaTypeException extends ApiException {
    public UnsupportedMediaTypeException(String message) {
        super(415, message);
    }
}
