package digitlab.core.data;

import java.io.IOException;

/** An IDX file that is not what it claims to be; the message is one sentence naming the file. */
public class IdxFormatException extends IOException {
    public IdxFormatException(String message) {
        super(message);
    }
}
