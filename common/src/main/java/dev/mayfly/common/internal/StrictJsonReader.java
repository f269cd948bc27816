package dev.mayfly.common.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one reader of JSON from outside (bundles, evidence, trusted roots, TEE and approval
 * policies, approvals): exactly one RFC 8259 object, strictly.
 *
 * <p>It refuses what a lenient parser lets through and what two parsers could read differently:
 * invalid UTF-8, a byte-order mark, comments, single quotes, unquoted names, trailing data,
 * duplicate member names, unpaired surrogates, non-finite numbers, nesting deeper than
 * {@link #MAX_DEPTH} and input over the caller's size limit. Every refusal goes through the
 * caller's {@link Refusal}, so each format fails with its own module's typed exception and code.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class StrictJsonReader {
  /** The deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 32;

  /** Makes the typed exception of a format from a message and, where there is one, a cause. */
  @FunctionalInterface
  public interface Refusal<E extends Exception> {
    /** The exception to throw for a refused document. */
    E refuse(String message, @Nullable Throwable cause);

    /**
     * The exception for a document refused because of the value at {@code path} (member names
     * joined by '.', array indexes as {@code [i]}; empty for the whole document). By default the
     * path is dropped; formats whose errors name a key (configuration files) override it.
     */
    default E refuseAt(String path, String message) {
      return refuse(message, null);
    }
  }

  /** What is wrong with a document, and where. */
  private record Problem(String path, String message) {}

  private StrictJsonReader() {}

  /**
   * Parses {@code utf8} as one strict JSON object of at most {@code maxBytes} bytes.
   *
   * @param what names the document in messages, e.g. "DSSE envelope"
   * @throws E from {@code refusal} for anything but one strict JSON object
   */
  public static <E extends Exception> JsonObject parseObject(
      byte[] utf8, int maxBytes, String what, Refusal<E> refusal) throws E {
    requireNonNull(utf8, "utf8");
    requireNonNull(what, "what");
    requireNonNull(refusal, "refusal");
    if (utf8.length > maxBytes) {
      throw refusal.refuse(
          what + " is " + utf8.length + " bytes, at most " + maxBytes + " allowed", null);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw refusal.refuse(what + " is not valid UTF-8", e);
    }
    return parse(text, what, refusal);
  }

  /**
   * Parses {@code text} as one strict JSON object of at most {@code maxChars} characters.
   *
   * @throws E from {@code refusal} for anything but one strict JSON object
   */
  public static <E extends Exception> JsonObject parseObject(
      String text, int maxChars, String what, Refusal<E> refusal) throws E {
    requireNonNull(text, "text");
    requireNonNull(what, "what");
    requireNonNull(refusal, "refusal");
    if (text.length() > maxChars) {
      throw refusal.refuse(
          what + " is " + text.length() + " characters, at most " + maxChars + " allowed", null);
    }
    return parse(text, what, refusal);
  }

  private static <E extends Exception> JsonObject parse(
      String text, String what, Refusal<E> refusal) throws E {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw refusal.refuse(what + " starts with a byte-order mark", null);
    }
    // Pass 1: strict syntax, duplicate names, surrogates, depth, exactly one object.
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      reader.setNestingLimit(MAX_DEPTH);
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        throw refusal.refuse(what + " is not a JSON object", null);
      }
      Problem problem = check(reader, what, "");
      if (problem == null && reader.peek() != JsonToken.END_DOCUMENT) {
        problem = new Problem("", what + " has data after the JSON object");
      }
      if (problem != null) {
        throw refusal.refuseAt(problem.path(), problem.message());
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw refusal.refuse(what + " is not valid JSON: " + e.getMessage(), e);
    }
    // Pass 2: the tree, from text that pass 1 proved to be one strict object.
    try {
      return JsonParser.parseString(text).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw refusal.refuse(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Reads one value; returns what is wrong with it, or null when nothing is. */
  private static @Nullable Problem check(JsonReader reader, String what, String path)
      throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        reader.beginObject();
        Set<String> names = new HashSet<>();
        while (reader.hasNext()) {
          String name = reader.nextName();
          // The path goes into messages: untrusted names are made printable there.
          String member = path.isEmpty() ? printable(name) : path + "." + printable(name);
          if (hasUnpairedSurrogate(name)) {
            return new Problem(path, what + " has a member name with an unpaired surrogate");
          }
          if (!names.add(name)) {
            return new Problem(member,
                what + " repeats the member name \"" + printable(name) + "\"");
          }
          Problem problem = check(reader, what, member);
          if (problem != null) {
            return problem;
          }
        }
        reader.endObject();
      }
      case BEGIN_ARRAY -> {
        reader.beginArray();
        for (int i = 0; reader.hasNext(); i++) {
          Problem problem = check(reader, what, path + "[" + i + "]");
          if (problem != null) {
            return problem;
          }
        }
        reader.endArray();
      }
      case STRING -> {
        if (hasUnpairedSurrogate(reader.nextString())) {
          return new Problem(path, what + " has a string with an unpaired surrogate");
        }
      }
      case NUMBER -> reader.nextString();
      case BOOLEAN -> reader.nextBoolean();
      case NULL -> reader.nextNull();
      default -> {
        return new Problem(path, what + " has an unexpected " + reader.peek());
      }
    }
    return null;
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code s} cut to 64 code points with control and format characters replaced by '?', for
   * messages that quote untrusted text.
   */
  public static String printable(String s) {
    requireNonNull(s, "s");
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(64).forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
          || Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
        b.append('?');
      } else {
        b.appendCodePoint(cp);
      }
    });
    return s.codePointCount(0, s.length()) > 64 ? b + "..." : b.toString();
  }
}
