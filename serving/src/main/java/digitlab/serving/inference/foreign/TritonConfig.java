package digitlab.serving.inference.foreign;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Triton's {@code config.pbtxt} (a {@code inference.ModelConfig} in protobuf text format)
 * the server reads: the model's name, {@code max_batch_size}, its inputs and outputs with their dims,
 * and {@code parameters}, where the pixel convention is declared. It is parsed by protobuf's own
 * {@link TextFormat} parser against a descriptor of just those fields, under their names in Triton's
 * {@code model_config.proto}; every other field of a real config ({@code instance_group},
 * {@code dynamic_batching}, {@code backend}, ...) is skipped as an unknown field.
 *
 * @param maxBatchSize Triton's meaning: 0 when {@code dims} include the batch dimension, else the
 *     largest batch, with the batch dimension left out of {@code dims}
 */
public record TritonConfig(String name, String platform, int maxBatchSize, List<Tensor> inputs,
        List<Tensor> outputs, Map<String, String> parameters) {

    /** One input or output: its name, Triton data type ({@code TYPE_FP32}, ...), format and dims. */
    public record Tensor(String name, String dataType, String format, List<Long> dims) {}

    private static final Descriptors.Descriptor MODEL_CONFIG = descriptor();
    /**
     * The parser logs every skipped field through java.util.logging; skipping them is the point here.
     * Held in a field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    private static final java.util.logging.Logger TEXT_FORMAT_LOG = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(TextFormat.class.getName());
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    /** @throws IllegalArgumentException with the parser's line and column when the text is not a valid config */
    public static TritonConfig parse(String text) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(MODEL_CONFIG);
        try {
            TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build().merge(text, builder);
        } catch (TextFormat.ParseException e) {
            throw new IllegalArgumentException("config.pbtxt is not valid protobuf text: " + e.getMessage(), e);
        }
        Message config = builder.build();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Message entry : messages(config, "parameters")) {
            Message value = (Message) field(entry, "value");
            parameters.put((String) field(entry, "key"), (String) field(value, "string_value"));
        }
        return new TritonConfig((String) field(config, "name"), (String) field(config, "platform"),
                (Integer) field(config, "max_batch_size"), tensors(config, "input"), tensors(config, "output"),
                parameters);
    }

    private static List<Tensor> tensors(Message config, String name) {
        List<Tensor> out = new ArrayList<>();
        for (Message t : messages(config, name)) {
            List<Long> dims = new ArrayList<>();
            for (Object d : (List<?>) field(t, "dims")) {
                dims.add((Long) d);
            }
            out.add(new Tensor((String) field(t, "name"), field(t, "data_type").toString(),
                    field(t, "format").toString(), List.copyOf(dims)));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static List<Message> messages(Message m, String field) {
        return (List<Message>) field(m, field);
    }

    private static Object field(Message m, String name) {
        Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        Object value = m.getField(f);
        return value instanceof Descriptors.EnumValueDescriptor e ? e.getName() : value;
    }

    /** {@code inference.ModelConfig} reduced to the fields above; numbers as in Triton's proto. */
    private static Descriptors.Descriptor descriptor() {
        EnumDescriptorProto dataType = enumOf("DataType", "TYPE_INVALID", "TYPE_BOOL", "TYPE_UINT8", "TYPE_UINT16",
                "TYPE_UINT32", "TYPE_UINT64", "TYPE_INT8", "TYPE_INT16", "TYPE_INT32", "TYPE_INT64", "TYPE_FP16",
                "TYPE_FP32", "TYPE_FP64", "TYPE_STRING", "TYPE_BF16");
        EnumDescriptorProto format = enumOf("Format", "FORMAT_NONE", "FORMAT_NHWC", "FORMAT_NCHW");
        DescriptorProto input = DescriptorProto.newBuilder().setName("ModelInput")
                .addField(scalar("name", 1, Type.TYPE_STRING))
                .addField(typed("data_type", 2, Type.TYPE_ENUM, ".inference.DataType", Label.LABEL_OPTIONAL))
                .addField(typed("format", 3, Type.TYPE_ENUM, ".inference.Format", Label.LABEL_OPTIONAL))
                .addField(repeatedInt64("dims", 4)).build();
        DescriptorProto output = DescriptorProto.newBuilder().setName("ModelOutput")
                .addField(scalar("name", 1, Type.TYPE_STRING))
                .addField(typed("data_type", 2, Type.TYPE_ENUM, ".inference.DataType", Label.LABEL_OPTIONAL))
                .addField(repeatedInt64("dims", 3))
                // Outputs have no format in Triton; declared here so both tensor kinds read alike.
                .addField(typed("format", 1000, Type.TYPE_ENUM, ".inference.Format", Label.LABEL_OPTIONAL)).build();
        DescriptorProto parameter = DescriptorProto.newBuilder().setName("ModelParameter")
                .addField(scalar("string_value", 1, Type.TYPE_STRING)).build();
        // map<string, ModelParameter> is, on the wire and in text, a repeated entry of key and value.
        DescriptorProto parameterEntry = DescriptorProto.newBuilder().setName("ParametersEntry")
                .addField(scalar("key", 1, Type.TYPE_STRING))
                .addField(typed("value", 2, Type.TYPE_MESSAGE, ".inference.ModelParameter", Label.LABEL_OPTIONAL))
                .build();
        DescriptorProto config = DescriptorProto.newBuilder().setName("ModelConfig")
                .addField(scalar("name", 1, Type.TYPE_STRING))
                .addField(scalar("platform", 2, Type.TYPE_STRING))
                .addField(scalar("max_batch_size", 4, Type.TYPE_INT32))
                .addField(typed("input", 5, Type.TYPE_MESSAGE, ".inference.ModelInput", Label.LABEL_REPEATED))
                .addField(typed("output", 6, Type.TYPE_MESSAGE, ".inference.ModelOutput", Label.LABEL_REPEATED))
                .addField(typed("parameters", 14, Type.TYPE_MESSAGE, ".inference.ParametersEntry",
                        Label.LABEL_REPEATED))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("digitlab_model_config.proto")
                .setPackage("inference").setSyntax("proto3")
                .addEnumType(dataType).addEnumType(format)
                .addMessageType(input).addMessageType(output).addMessageType(parameter)
                .addMessageType(parameterEntry).addMessageType(config).build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .findMessageTypeByName("ModelConfig");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException("The built-in description of config.pbtxt is invalid.", e);
        }
    }

    private static EnumDescriptorProto enumOf(String name, String... values) {
        EnumDescriptorProto.Builder b = EnumDescriptorProto.newBuilder().setName(name);
        for (int i = 0; i < values.length; i++) {
            b.addValue(EnumValueDescriptorProto.newBuilder().setName(values[i]).setNumber(i));
        }
        return b.build();
    }

    private static FieldDescriptorProto scalar(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto repeatedInt64(String name, int number) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_INT64)
                .setLabel(Label.LABEL_REPEATED).build();
    }

    private static FieldDescriptorProto typed(String name, int number, Type type, String typeName, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setTypeName(typeName)
                .setLabel(label).build();
    }
}
