package dev.mayfly.approval.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads untrusted JSON strictly and writes JSON in a stable compact form.
 *
 * <p>Reading accepts exactly one RFC 8259 object in valid UTF-8 and refuses what lenient parsers
 * let through and two parsers could read differently: a byte-order mark, comments, single quotes,
 * trailing data, duplicate member names, unpaired surrogates, non-finite numbers and nesting deeper
 * than {@link #MAX_DEPTH}. Failures are {@link ErrorCode#APPROVAL_MALFORMED}.
 *
 * @since 0.1.0
 */
public final class StrictJson {
  /** The deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 32;

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,8})");

  private StrictJson() {}

  /**
   * Parses {@code utf8} as one JSON object of at most {@code maxBytes} bytes.
   *
   * @param what names the document in error messages, e.g. "DSSE envelope"
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for anything but one strict
   *     JSON object
   */
  public static JsonObject parseObject(byte[] utf8, int maxBytes, String what)
      throws ApprovalException {
    requireNonNull(utf8, "utf8");
    requireNonNull(what, "what");
    if (utf8.length > maxBytes) {
      throw malformed(what + " is " + utf8.length + " bytes, at most " + maxBytes + " allowed");
    }
    String text = decodeUtf8(utf8, what);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw malformed(what + " starts with a byte-order mark");
    }
    // Pass 1: strict syntax, duplicate names, surrogates, depth, exactly one value.
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      reader.setNestingLimit(MAX_DEPTH);
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        throw malformed(what + " is not a JSON object");
      }
      validate(reader, what);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw malformed(what + " has data after the JSON object");
      }
    } catch (IOException | IllegalStateException e) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED, what + " is not valid JSON: " + e.getMessage(), e);
    }
    // Pass 2: the tree, from text pass 1 proved to be one strict object.
    try {
      return JsonParser.parseString(text).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED, what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static void validate(JsonReader reader, String what) throws IOException, ApprovalException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        reader.beginObject();
        Set<String> names = new HashSet<>();
        while (reader.hasNext()) {
          String name = reader.nextName();
          checkSurrogates(name, what);
          if (!names.add(name)) {
            throw malformed(what + " repeats the member name \"" + printable(name) + "\"");
          }
          validate(reader, what);
        }
        reader.endObject();
      }
      case BEGIN_ARRAY -> {
        reader.beginArray();
        while (reader.hasNext()) {
          validate(reader, what);
        }
        reader.endArray();
      }
      case STRING -> checkSurrogates(reader.nextString(), what);
      case NUMBER -> reader.nextString();
      case BOOLEAN -> reader.nextBoolean();
      case NULL -> reader.nextNull();
      default -> throw malformed(what + " has an unexpected " + reader.peek());
    }
  }

  private static void checkSurrogates(String s, String what) throws ApprovalException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw malformed(what + " has a string with an unpaired surrogate");
      }
    }
  }

  private static String decodeUtf8(byte[] utf8, String what) throws ApprovalException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ApprovalException(ErrorCode.APPROVAL_MALFORMED, what + " is not valid UTF-8", e);
    }
  }

  /** Compact UTF-8 JSON of {@code element}, members in insertion order, no HTML escaping. */
  public static byte[] toBytes(JsonElement element) {
    requireNonNull(element, "element");
    return GSON.toJson(element).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks that {@code object} has every member of {@code required}, and no member outside
   * {@code required} and {@code optional}.
   */
  public static void requireMembers(
      JsonObject object, String what, Set<String> required, Set<String> optional)
      throws ApprovalException {
    for (String name : required) {
      if (!object.has(name)) {
        throw malformed(what + " lacks the member \"" + name + "\"");
      }
    }
    for (String name : object.keySet()) {
      if (!required.contains(name) && !optional.contains(name)) {
        throw malformed(what + " has the unknown member \"" + printable(name) + "\"");
      }
    }
  }

  /** The string member {@code name}. */
  public static String string(JsonObject object, String name, String what)
      throws ApprovalException {
    JsonElement e = member(object, name, what);
    if (!(e instanceof JsonPrimitive p) || !p.isString()) {
      throw malformed(what + " member \"" + name + "\" is not a string");
    }
    return p.getAsString();
  }

  /** The object member {@code name}. */
  public static JsonObject object(JsonObject object, String name, String what)
      throws ApprovalException {
    return typed(member(object, name, what), JsonObject.class,
        what + " member \"" + name + "\" is not an object");
  }

  /** The array member {@code name}. */
  public static JsonArray array(JsonObject object, String name, String what)
      throws ApprovalException {
    return typed(member(object, name, what), JsonArray.class,
        what + " member \"" + name + "\" is not an array");
  }

  /** The integer member {@code name}, written without fraction or exponent, within ±999999999. */
  public static int integer(JsonObject object, String name, String what)
      throws ApprovalException {
    JsonElement e = member(object, name, what);
    if (!(e instanceof JsonPrimitive p) || !p.isNumber()
        || !INTEGER.matcher(p.getAsString()).matches()) {
      throw malformed(what + " member \"" + name + "\" is not a plain integer");
    }
    return Integer.parseInt(p.getAsString());
  }

  /** {@code element} as an object, or APPROVAL_MALFORMED naming {@code what}. */
  public static JsonObject asObject(JsonElement element, String what) throws ApprovalException {
    return typed(element, JsonObject.class, what + " is not an object");
  }

  private static <T extends JsonElement> T typed(JsonElement element, Class<T> type, String problem)
      throws ApprovalException {
    if (!type.isInstance(element)) {
      throw malformed(problem);
    }
    return type.cast(element);
  }

  private static JsonElement member(JsonObject object, String name, String what)
      throws ApprovalException {
    JsonElement e = object.get(name);
    if (e == null) {
      throw malformed(what + " lacks the member \"" + name + "\"");
    }
    return e;
  }

  /**
   * {@code s} cut to 64 characters with control characters replaced, for error messages about
   * untrusted text.
   */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(64).forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        b.append('?');
      } else {
        b.appendCodePoint(cp);
      }
    });
    return s.codePointCount(0, s.length()) > 64 ? b + "..." : b.toString();
  }

  /** A new {@link ErrorCode#APPROVAL_MALFORMED} exception. */
  public static ApprovalException malformed(String message) {
    return new ApprovalException(ErrorCode.APPROVAL_MALFORMED, message);
  }
}
