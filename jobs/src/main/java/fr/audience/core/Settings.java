package fr.audience.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.function.Function;

/** Reads a settings object from config, turning any config problem into a one-line error. */
public final class Settings {
  private Settings() {}

  public static <T> T read(Config config, Function<Config, T> reader) {
    try {
      return reader.apply(config);
    } catch (ConfigException.Missing e) {
      throw Errors.badConfigValue(keyOf(e), "is missing");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw Errors.badConfigValue(
          keyOf(e), "has the wrong type or value: " + Errors.firstLine(e.getMessage()));
    }
  }

  public static double share(Config c, String key) {
    double v = c.getDouble(key);
    if (v < 0 || v > 1) {
      throw Errors.badConfigValue(key, "must be between 0 and 1, not " + v);
    }
    return v;
  }

  public static int positive(Config c, String key) {
    int v = c.getInt(key);
    if (v <= 0) {
      throw Errors.badConfigValue(key, "must be positive, not " + v);
    }
    return v;
  }

  public static long positiveBytes(Config c, String key) {
    long v = c.getBytes(key);
    if (v <= 0) {
      throw Errors.badConfigValue(key, "must be positive, not " + v);
    }
    return v;
  }

  public static int nonNegative(Config c, String key) {
    int v = c.getInt(key);
    if (v < 0) {
      throw Errors.badConfigValue(key, "must be zero or more, not " + v);
    }
    return v;
  }

  private static String keyOf(ConfigException e) {
    String m = e.getMessage();
    int q = m.indexOf("audience.");
    if (q < 0) {
      return "?";
    }
    int end = q;
    while (end < m.length()
        && (Character.isLetterOrDigit(m.charAt(end))
            || m.charAt(end) == '.'
            || m.charAt(end) == '-')) {
      end++;
    }
    return m.substring(q, end);
  }
}
