package dev.mayfly.cert.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.mayfly.snp.internal.EvidenceJson;
import dev.mayfly.common.internal.StrictJsonReader;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.Evidence;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict JSON reading (through the shared {@link StrictJsonReader}) and deterministic writing with
 * Gson; readers throw
 * {@link IllegalArgumentException} for anything unexpected, and callers map it to their code.
 */
public final class Json {
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
  private static final Gson PRETTY =
      new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

  /** The largest document {@link #parseObject} reads: 8 MiB. */
  public static final int MAX_DOCUMENT_BYTES = 8 << 20;

  private Json() {}

  /** Compact UTF-8 bytes of {@code element}, members in insertion order. */
  public static byte[] compact(JsonElement element) {
    return COMPACT.toJson(element).getBytes(StandardCharsets.UTF_8);
  }

  /** Indented UTF-8 bytes of {@code element}, with a final newline. */
  public static byte[] pretty(JsonElement element) {
    return (PRETTY.toJson(element) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a UTF-8 JSON object of at most {@link #MAX_DOCUMENT_BYTES} with the shared strict
   * reader (no comments, duplicate names, trailing data or lenient syntax; see
   * {@link StrictJsonReader}).
   *
   * @param what names the document in messages, e.g. "Sigstore bundle"
   * @throws IllegalArgumentException for anything else, which callers map to their code
   */
  public static JsonObject parseObject(byte[] json, String what) {
    return StrictJsonReader.parseObject(json, MAX_DOCUMENT_BYTES, what,
        IllegalArgumentException::new);
  }

  /** The member {@code name}, which must be an object. */
  public static JsonObject object(JsonObject parent, String name) {
    JsonElement element = parent.get(name);
    if (element == null || !element.isJsonObject()) {
      throw new IllegalArgumentException("'" + name + "' must be an object");
    }
    return element.getAsJsonObject();
  }

  /** The member {@code name}, which must be an array. */
  public static JsonArray array(JsonObject parent, String name) {
    JsonElement element = parent.get(name);
    if (element == null || !element.isJsonArray()) {
      throw new IllegalArgumentException("'" + name + "' must be an array");
    }
    return element.getAsJsonArray();
  }

  /** The member {@code name}, which must be a string. */
  public static String string(JsonObject parent, String name) {
    return string(parent.get(name), name);
  }

  /** {@code element}, which must be a string. */
  public static String string(JsonElement element, String name) {
    if (element == null || !element.isJsonPrimitive()
        || !element.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException("'" + name + "' must be a string");
    }
    return element.getAsString();
  }

  /** The member {@code name}, which must be an integer. */
  public static int integer(JsonObject parent, String name) {
    JsonElement element = parent.get(name);
    if (element == null || !element.isJsonPrimitive()
        || !element.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("'" + name + "' must be a number");
    }
    try {
      return new java.math.BigDecimal(element.getAsString()).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be an integer", e);
    }
  }

  /** The member {@code name}, which must be a boolean. */
  public static boolean bool(JsonObject parent, String name) {
    JsonElement element = parent.get(name);
    if (element == null || !element.isJsonPrimitive()
        || !element.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException("'" + name + "' must be a boolean");
    }
    return element.getAsBoolean();
  }

  /** The member {@code name}, a standard base64 string, decoded. */
  public static byte[] base64(JsonObject parent, String name) {
    return base64(parent.get(name), name);
  }

  /** {@code element}, a standard base64 string, decoded. */
  public static byte[] base64(JsonElement element, String name) {
    try {
      return Base64.getDecoder().decode(string(element, name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not base64", e);
    }
  }

  /** The member {@code name}, attestation-snp evidence JSON ({@code report}, {@code certificates}). */
  public static Evidence evidence(JsonObject parent, String name) {
    try {
      return EvidenceJson.fromJsonObject(object(parent, name));
    } catch (AttestationException e) {
      throw new IllegalArgumentException("'" + name + "': " + e.getMessage(), e);
    }
  }

  /** A JSON string of standard base64. */
  public static JsonPrimitive base64(byte[] bytes) {
    return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
  }
}
