package dev.mayfly.approval.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.StrictJsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads untrusted approval JSON with the shared strict reader ({@link StrictJsonReader}) and
 * writes JSON in a stable compact form. Every failure is {@link ErrorCode#APPROVAL_MALFORMED}.
 *
 * @since 0.1.0
 */
public final class StrictJson {
  /** The deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = StrictJsonReader.MAX_DEPTH;

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
    return StrictJsonReader.parseObject(utf8, maxBytes, what,
        (message, cause) -> new ApprovalException(ErrorCode.APPROVAL_MALFORMED, message, cause));
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

  /** {@code s} shortened and made printable, for error messages about untrusted text. */
  public static String printable(String s) {
    return StrictJsonReader.printable(s);
  }

  /** A new {@link ErrorCode#APPROVAL_MALFORMED} exception. */
  public static ApprovalException malformed(String message) {
    return new ApprovalException(ErrorCode.APPROVAL_MALFORMED, message);
  }
}
