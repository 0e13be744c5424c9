package dev.airesilience.config.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration documents as plain Java values: {@code Map<String, Object>} (insertion-ordered), {@code List},
 * {@code String}, {@code Number} ({@code BigInteger} or {@code BigDecimal}, exactly as written), {@code Boolean}
 * and {@link #NULL}.
 *
 * <p>Only Jackson's streaming API is used, and only what jackson-core has had since 2.16, so the core runs next to
 * whatever Jackson the application has: Jackson 2 pinned by Spring Boot 3.5 or an LLM SDK, or Jackson 3 beside it
 * in Spring Boot 4 (whose own databind needs jackson-annotations 2.21, which those applications do not have).
 * The limits are enforced while reading, so hostile input never builds a big tree.
 */
final class JsonTree {

    /** JSON's {@code null}, distinct from "absent". */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(ConfigSchema.MAX_PAYLOAD_BYTES)
                    .maxNestingDepth(ConfigSchema.MAX_NESTING_DEPTH)
                    .maxStringLength(ConfigSchema.MAX_STRING_LENGTH)
                    .maxNameLength(ConfigSchema.MAX_STRING_LENGTH)
                    .maxNumberLength(100)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTree() {}

    /**
     * Reads one JSON value, with nothing but whitespace after it.
     *
     * @return the value, or null for an empty document
     * @throws JsonProcessingException for malformed JSON or a broken limit
     */
    static Object parse(String json) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonParseFailure("Trailing token (of type " + parser.currentToken() + ") found after value", parser);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT:
                try {
                    return parser.getDecimalValue();
                } catch (NumberFormatException beyondBigDecimal) { // such as 9e9999999999999999999999
                    throw new JsonParseFailure("Number out of range", parser);
                }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new JsonParseFailure("Unexpected token " + token, parser);
        }
    }

    /**
     * Writes a JSON-like Java value (maps with string keys, iterables, arrays of objects, strings, numbers,
     * booleans, null) as compact JSON.
     *
     * @throws IllegalArgumentException naming the first value that has no JSON form
     */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to a StringWriter does no I/O
        }
        return out.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null || value == NULL) {
            generator.writeNull();
        } else if (value instanceof Map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new IllegalArgumentException("map keys must be strings, but one was " + entry.getKey());
                }
                generator.writeFieldName((String) entry.getKey());
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable) {
            generator.writeStartArray();
            for (Object element : (Iterable<?>) value) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Object[]) {
            write(generator, List.of((Object[]) value));
        } else if (value instanceof CharSequence || value instanceof Enum) {
            generator.writeString(value.toString());
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else if (value instanceof BigDecimal) {
            generator.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            generator.writeNumber((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("numbers must be finite, but one was " + number);
            }
            generator.writeNumber(number);
        } else if (value instanceof Number) {
            generator.writeNumber(((Number) value).longValue());
        } else {
            throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " has no JSON form");
        }
    }

    /** A syntax problem found by us rather than by the parser (trailing content), with the parser's location. */
    static final class JsonParseFailure extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String message, JsonParser parser) {
            super(parser, message);
        }
    }

    // ---------------------------------------------------------------- inspecting values

    static boolean isObject(Object value) {
        return value instanceof Map;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        return (Map<String, Object>) value;
    }

    /** The JSON type name of a value, for error messages ("object", "array", "string"...). */
    static String typeName(Object value) {
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "null";
    }

    /** The value as compact JSON text. */
    static String render(Object value) {
        return write(value);
    }
}
