package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.mayfly.party.ConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The strict reader of configuration files: JSON (RFC 8259) read with Gson's strict reader,
 * UTF-8 only, at most {@link #MAX_BYTES}, with duplicate keys, trailing data, comments and
 * non-finite numbers refused; each object refuses keys it does not know once read ({@link
 * Obj#done()}). Every error is a {@link ConfigException} naming the key.
 */
public final class ConfigJson {
  /** The largest configuration file read. */
  public static final int MAX_BYTES = 1 << 20;
  private static final int MAX_DEPTH = 16;

  private ConfigJson() {}

  /** Reads {@code file} and returns its top-level object. */
  public static Obj read(Path file) throws ConfigException {
    requireNonNull(file, "file");
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(name, "(file)", "larger than " + MAX_BYTES + " bytes", null);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(name, "(file)", "cannot be read: " + e, e);
    }
    return parse(bytes, name, file.toAbsolutePath().getParent());
  }

  /** Parses {@code bytes} (named {@code file} in errors); relative paths resolve in {@code base}. */
  public static Obj parse(byte[] bytes, String file, @Nullable Path base) throws ConfigException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, "(file)", "not UTF-8", e);
    }
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        throw new ConfigException(file, "(file)", "must be one JSON object", null);
      }
      Object root = value(reader, file, "", 0);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new ConfigException(file, "(file)", "trailing data after the object", null);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) root;
      return new Obj(file, base, "", map);
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new ConfigException(file, "(file)", "not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Object value(JsonReader in, String file, String path, int depth)
      throws IOException, ConfigException {
    if (depth > MAX_DEPTH) {
      throw new ConfigException(file, path, "nested deeper than " + MAX_DEPTH, null);
    }
    switch (in.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        in.beginObject();
        while (in.hasNext()) {
          String key = in.nextName();
          String keyPath = path.isEmpty() ? key : path + "." + key;
          if (map.containsKey(key)) {
            throw new ConfigException(file, keyPath, "duplicate key", null);
          }
          map.put(key, value(in, file, keyPath, depth + 1));
        }
        in.endObject();
        return map;
      }
      case BEGIN_ARRAY -> {
        List<Object> list = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
          list.add(value(in, file, path + "[" + list.size() + "]", depth + 1));
        }
        in.endArray();
        return list;
      }
      case STRING -> {
        return in.nextString();
      }
      case NUMBER -> {
        return new BigDecimal(in.nextString());
      }
      case BOOLEAN -> {
        return in.nextBoolean();
      }
      case NULL -> throw new ConfigException(file, path, "null is not allowed; leave the key out",
          null);
      default -> throw new ConfigException(file, path, "unexpected " + in.peek(), null);
    }
  }

  /** One JSON object of a configuration file, read key by key. Not thread-safe. */
  public static final class Obj {
    private final String file;
    private final @Nullable Path base;
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    Obj(String file, @Nullable Path base, String path, Map<String, Object> values) {
      this.file = file;
      this.base = base;
      this.path = path;
      this.values = values;
    }

    /** The dotted path of {@code key} in this object. */
    public String path(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    /** A {@link ConfigException} about {@code key}. */
    public ConfigException error(String key, String message) {
      return new ConfigException(file, path(key), message, null);
    }

    /** A {@link ConfigException} about {@code key} with a cause. */
    public ConfigException error(String key, String message, Throwable cause) {
      return new ConfigException(file, path(key), message, cause);
    }

    private @Nullable Object raw(String key) {
      read.add(key);
      return values.get(key);
    }

    public boolean has(String key) {
      return values.containsKey(key);
    }

    public String string(String key) throws ConfigException {
      return optString(key).orElseThrow(() -> error(key, "is required"));
    }

    public Optional<String> optString(String key) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof String s)) {
        throw error(key, "must be a string");
      }
      if (s.isEmpty()) {
        throw error(key, "must not be empty");
      }
      return Optional.of(s);
    }

    public int integer(String key, int min, int max) throws ConfigException {
      return optInteger(key, min, max).orElseThrow(() -> error(key, "is required"));
    }

    public Optional<Integer> optInteger(String key, int min, int max) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof BigDecimal number)) {
        throw error(key, "must be a number");
      }
      int parsed;
      try {
        parsed = number.intValueExact();
      } catch (ArithmeticException e) {
        throw error(key, "must be a whole number in " + min + ".." + max + ", got " + number);
      }
      if (parsed < min || parsed > max) {
        throw error(key, "must be in " + min + ".." + max + ", got " + parsed);
      }
      return Optional.of(parsed);
    }

    public Optional<Boolean> optBoolean(String key) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Boolean b)) {
        throw error(key, "must be true or false");
      }
      return Optional.of(b);
    }

    public Obj object(String key) throws ConfigException {
      return optObject(key).orElseThrow(() -> error(key, "is required"));
    }

    @SuppressWarnings("unchecked")
    public Optional<Obj> optObject(String key) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw error(key, "must be an object");
      }
      return Optional.of(new Obj(file, base, path(key), (Map<String, Object>) map));
    }

    /** The objects of array {@code key}; required, at least {@code min}. */
    @SuppressWarnings("unchecked")
    public List<Obj> objects(String key, int min, int max) throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        throw error(key, "is required");
      }
      if (!(value instanceof List<?> list)) {
        throw error(key, "must be an array");
      }
      if (list.size() < min || list.size() > max) {
        throw error(key, "must have " + min + ".." + max + " entries, got " + list.size());
      }
      List<Obj> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> map)) {
          throw error(key + "[" + i + "]", "must be an object");
        }
        out.add(new Obj(file, base, path(key) + "[" + i + "]", (Map<String, Object>) map));
      }
      return out;
    }

    /** The strings of array {@code key}, if present; each non-empty. */
    public Optional<List<String>> optStrings(String key, int min, int max)
        throws ConfigException {
      Object value = raw(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof List<?> list)) {
        throw error(key, "must be an array");
      }
      if (list.size() < min || list.size() > max) {
        throw error(key, "must have " + min + ".." + max + " entries, got " + list.size());
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s) || s.isEmpty()) {
          throw error(key + "[" + i + "]", "must be a non-empty string");
        }
        out.add(s);
      }
      return Optional.of(out);
    }

    /** A file named by {@code key}, resolved against the configuration file's folder. */
    public Path path(String key, boolean required) throws ConfigException {
      Optional<String> value = optString(key);
      if (value.isEmpty()) {
        if (required) {
          throw error(key, "is required");
        }
        return Path.of("");
      }
      Path given = Path.of(value.get());
      return given.isAbsolute() || base == null ? given : base.resolve(given);
    }

    /** The contents of the file named by {@code key}. */
    public byte[] fileBytes(String key) throws ConfigException {
      Path file = path(key, true);
      try {
        if (Files.size(file) > 4L * MAX_BYTES) {
          throw error(key, "names " + file + ", larger than " + 4 * MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw error(key, "names " + file + ", which cannot be read: " + e, e);
      }
    }

    /** {@code host:port} (or {@code [v6]:port}) at {@code key}; port 0 only if allowed. */
    public InetSocketAddress address(String key, boolean allowPortZero) throws ConfigException {
      String value = string(key);
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw error(key, "must be host:port, got '" + value + "'");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw error(key, "port must be a number, got '" + value + "'");
      }
      if (port < (allowPortZero ? 0 : 1) || port > 65535) {
        throw error(key, "port must be " + (allowPortZero ? 0 : 1) + "..65535, got " + port);
      }
      return InetSocketAddress.createUnresolved(host, port);
    }

    /** Exactly {@code bytes} bytes of hex at {@code key}, if present. */
    public Optional<byte[]> optHex(String key, int bytes) throws ConfigException {
      Optional<String> value = optString(key);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        byte[] parsed = HexFormat.of().parseHex(value.get());
        if (parsed.length == bytes) {
          return Optional.of(parsed);
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw error(key, "must be " + bytes + " bytes of hex");
    }

    /** Refuses every key of this object that was not read. */
    public void done() throws ConfigException {
      for (String key : values.keySet()) {
        if (!read.contains(key)) {
          throw error(key, "unknown key");
        }
      }
    }
  }
}
