package org.opendmv.fleet.api;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

/**
 * JSON encoding of fleet messages (UTF-8, ISO-8601 instants and dates). Decoding never throws: a payload that
 * is too large, not JSON, of the wrong shape, of another version or inconsistent with its topic comes back as a
 * {@link Decoded} error whose text contains no payload content. Unknown fields are ignored, so a newer sender
 * may add fields without breaking an older receiver. Thread-safe.
 */
public final class FleetCodec {

    /** The largest payload accepted, in bytes. */
    public static final int MAX_PAYLOAD = 256 * 1024;

    private static final Pattern SAFE_FIELD = Pattern.compile("[A-Za-z0-9_]{1,40}");

    private final ObjectMapper mapper;

    public FleetCodec() {
        SimpleModule time = new SimpleModule("opendmv-fleet-time");
        time.addSerializer(Instant.class, new ToText<>(Instant.class));
        time.addSerializer(LocalDate.class, new ToText<>(LocalDate.class));
        time.addDeserializer(Instant.class, new FromText<>(Instant.class) {
            @Override
            Instant parse(String text) {
                return Instant.parse(text);
            }
        });
        time.addDeserializer(LocalDate.class, new FromText<>(LocalDate.class) {
            @Override
            LocalDate parse(String text) {
                return LocalDate.parse(text);
            }
        });
        mapper = JsonMapper.builder()
                .addModule(time)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /** The message as UTF-8 JSON. */
    public byte[] encode(Object message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a payload as {@code type}, e.g. {@link DesiredState}. */
    public <T> Decoded<T> decode(byte[] payload, Class<T> type) {
        if (payload == null || payload.length == 0) {
            return Decoded.error("empty payload");
        }
        if (payload.length > MAX_PAYLOAD) {
            return Decoded.error("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        try {
            T value = mapper.readValue(payload, type);
            if (value == null) {
                return Decoded.error("payload is JSON null");
            }
            return Decoded.ok(value);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            return Decoded.error(type.getSimpleName() + ": " + (cause instanceof IllegalArgumentException
                    ? cause.getMessage() : "invalid values"));
        } catch (JsonMappingException e) {
            return Decoded.error(type.getSimpleName() + ": wrong type or shape at " + path(e));
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return Decoded.error("not valid JSON" + at(e));
        } catch (IOException | RuntimeException e) {
            return Decoded.error(type.getSimpleName() + ": unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Decodes a kiosk message received on {@code topic}: its kind follows the topic, and its {@code kioskId} and
     * {@code office} must be the topic's (a kiosk cannot speak for another one).
     */
    public Decoded<KioskMessage> decode(FleetTopics.KioskTopic topic, byte[] payload) {
        Decoded<? extends KioskMessage> d = decode(payload, topic.kind().type());
        if (!d.isOk()) {
            return Decoded.error(d.error().orElseThrow());
        }
        KioskMessage m = d.get();
        if (!m.kioskId().equals(topic.kioskId()) || !m.office().equals(topic.office())) {
            return Decoded.error("kioskId/office of the message differ from its topic");
        }
        return Decoded.ok(m);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".")
                        .append(SAFE_FIELD.matcher(r.getFieldName()).matches() ? r.getFieldName() : "?");
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "top level" : sb.toString();
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static final class ToText<T> extends StdScalarSerializer<T> {
        ToText(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private abstract static class FromText<T> extends StdScalarDeserializer<T> {
        FromText(Class<T> type) {
            super(type);
        }

        abstract T parse(String text);

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            try {
                return parse(p.getText());
            } catch (DateTimeException e) {
                throw JsonMappingException.from(p, "not an ISO-8601 " + handledType().getSimpleName());
            }
        }
    }
}
