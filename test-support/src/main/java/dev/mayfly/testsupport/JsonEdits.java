package dev.mayfly.testsupport;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Edits of valid JSON documents, for tests that a strict reader refuses them. */
public final class JsonEdits {
  private JsonEdits() {}

  /**
   * {@code json} (one object) with its first member written a second time at the start, so that
   * the document holds the same name twice and nothing else changed.
   */
  public static byte[] repeatFirstMember(byte[] json) {
    String text = new String(requireNonNull(json, "json"), StandardCharsets.UTF_8);
    JsonObject object = JsonParser.parseString(text).getAsJsonObject();
    Map.Entry<String, JsonElement> first = object.entrySet().iterator().next();
    int brace = text.indexOf('{');
    JsonObject single = new JsonObject();
    single.add(first.getKey(), first.getValue());
    String member = single.toString();
    String repeated = text.substring(0, brace + 1) + member.substring(1, member.length() - 1)
        + "," + text.substring(brace + 1);
    return repeated.getBytes(StandardCharsets.UTF_8);
  }
}
