package io.sparkgrad.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, range-checked access to a user's HOCON configuration. Every key read is remembered, so
 * that afterwards any key the user wrote but nothing read can be reported as unknown.
 */
final class ConfigReader {
    private final Config user;
    private final Set<String> known = new TreeSet<>();
    private final Set<String> freeFormPrefixes = new TreeSet<>();

    ConfigReader(Config user) {
        this.user = user;
    }

    boolean isSet(String key) {
        known.add(key);
        return user.hasPath(key);
    }

    String string(String key, String def) {
        known.add(key);
        if (!user.hasPath(key)) {
            return def;
        }
        ConfigValue v = user.getValue(key);
        if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.OBJECT) {
            throw wrongType(key, "a string", v);
        }
        return String.valueOf(v.unwrapped());
    }

    String requiredString(String key) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            throw new ConfigError("config key '" + key + "' is required");
        }
        return s;
    }

    /** A string from a closed set of choices, compared case-insensitively, returned lower-case. */
    String choice(String key, String def, String... allowed) {
        String s = string(key, def).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(s)) {
            throw new ConfigError("config key '" + key + "' must be one of " + String.join(", ", allowed)
                    + "; got '" + s + "'" + origin(key));
        }
        return s;
    }

    boolean bool(String key, boolean def) {
        known.add(key);
        if (!user.hasPath(key)) {
            return def;
        }
        ConfigValue v = user.getValue(key);
        Object raw = v.unwrapped();
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(key, "true or false", v);
    }

    double number(String key, double def, Range range) {
        known.add(key);
        double d = user.hasPath(key) ? toDouble(key, user.getValue(key)) : def;
        return checkRange(key, d, range);
    }

    int integer(String key, int def, Range range) {
        known.add(key);
        if (!user.hasPath(key)) {
            return (int) checkRange(key, def, range);
        }
        return (int) checkRange(key, toIntegral(key, user.getValue(key), Integer.MIN_VALUE, Integer.MAX_VALUE), range);
    }

    long longInteger(String key, long def) {
        known.add(key);
        if (!user.hasPath(key)) {
            return def;
        }
        return toIntegral(key, user.getValue(key), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    List<String> strings(String key) {
        known.add(key);
        if (!user.hasPath(key)) {
            return List.of();
        }
        ConfigValue v = user.getValue(key);
        if (!(v instanceof ConfigList list)) {
            throw wrongType(key, "a list of strings", v);
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue e : list) {
            if (e.valueType() == ConfigValueType.LIST || e.valueType() == ConfigValueType.OBJECT
                    || e.valueType() == ConfigValueType.NULL) {
                throw wrongType(key, "a list of strings", v);
            }
            out.add(String.valueOf(e.unwrapped()));
        }
        return List.copyOf(out);
    }

    List<Integer> integers(String key, List<Integer> def, Range range) {
        known.add(key);
        if (!user.hasPath(key)) {
            return def;
        }
        ConfigValue v = user.getValue(key);
        if (!(v instanceof ConfigList list)) {
            throw wrongType(key, "a list of integers", v);
        }
        List<Integer> out = new ArrayList<>();
        for (ConfigValue e : list) {
            long n = toIntegral(key, e, Integer.MIN_VALUE, Integer.MAX_VALUE);
            out.add((int) checkRange(key, n, range));
        }
        return List.copyOf(out);
    }

    /** Whether the user set {@code key} to a list. */
    boolean isList(String key) {
        known.add(key);
        return user.hasPath(key) && user.getValue(key).valueType() == ConfigValueType.LIST;
    }

    /** A list of numbers, each in {@code range}; {@code def} when unset. */
    List<Double> numbers(String key, List<Double> def, Range range) {
        known.add(key);
        if (!user.hasPath(key)) {
            return def;
        }
        ConfigValue v = user.getValue(key);
        if (!(v instanceof ConfigList list)) {
            throw wrongType(key, "a list of numbers", v);
        }
        List<Double> out = new ArrayList<>();
        for (ConfigValue e : list) {
            out.add(checkRange(key, toDouble(key, e), range));
        }
        return List.copyOf(out);
    }

    /** An object whose keys are the user's own (passed through untouched as strings). */
    Map<String, String> freeForm(String key) {
        known.add(key);
        freeFormPrefixes.add(key + ".");
        Map<String, String> out = new LinkedHashMap<>();
        if (!user.hasPath(key)) {
            return out;
        }
        ConfigValue v = user.getValue(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw wrongType(key, "an object", v);
        }
        Config sub = user.getConfig(key);
        new TreeSet<>(sub.root().keySet()).forEach(k -> out.put(k, String.valueOf(sub.getValue(k).unwrapped())));
        return out;
    }

    /** Fails on the first (alphabetically) key the user set that no reader asked for. */
    void rejectUnknownKeys() {
        for (String key : new TreeSet<>(user.entrySet().stream().map(Map.Entry::getKey).toList())) {
            if (known.contains(key) || freeFormPrefixes.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String hint = closestKnown(key);
            throw new ConfigError("unknown config key '" + key + "'" + origin(key)
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
    }

    private String closestKnown(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private double toDouble(String key, ConfigValue v) {
        Object raw = v.unwrapped();
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the type error
            }
        }
        throw wrongType(key, "a number", v);
    }

    private long toIntegral(String key, ConfigValue v, long min, long max) {
        double d;
        try {
            d = toDouble(key, v);
        } catch (ConfigError e) {
            throw wrongType(key, "an integer", v);
        }
        if (d != Math.rint(d) || d < min || d > max) {
            throw wrongType(key, "an integer", v);
        }
        return (long) d;
    }

    private double checkRange(String key, double v, Range range) {
        if (Double.isNaN(v) || !range.contains(v)) {
            throw new ConfigError("config key '" + key + "' must be in " + range + "; got "
                    + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v))
                    + origin(key));
        }
        return v;
    }

    private ConfigError wrongType(String key, String expected, ConfigValue v) {
        return new ConfigError("config key '" + key + "' must be " + expected + "; got "
                + v.valueType().name().toLowerCase(Locale.ROOT) + " " + v.render() + origin(key));
    }

    private String origin(String key) {
        if (!user.hasPath(key)) {
            return "";
        }
        var o = user.getValue(key).origin();
        if (o.filename() != null && o.lineNumber() > 0) {
            return " (" + o.filename() + ":" + o.lineNumber() + ")";
        }
        return o.description() != null && o.description().startsWith("--set") ? " (" + o.description() + ")" : "";
    }
}
