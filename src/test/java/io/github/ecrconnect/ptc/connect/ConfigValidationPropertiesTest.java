package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import software.amazon.awssdk.regions.Region;

/**
 * Thousands of random values at every config key through {@code validate()}: it never throws;
 * every error message names the key it is reported on; a value known to be invalid gets an error
 * naming its key, a value known to be valid gets none; secret values are never echoed.
 *
 * <p>Every case keeps one other key invalid (the sentinel), so {@code validate()} never makes its
 * live AWS call: the tests stay fast and offline.
 */
class ConfigValidationPropertiesTest {
  private static final EcrPullThroughCacheSourceConnector CONNECTOR =
      new EcrPullThroughCacheSourceConnector();
  private static final List<String> KEYS = new ArrayList<>(new TreeSet<>(configDef().names()));
  private static final List<String> REGIONS =
      Region.regions().stream().filter(r -> !r.isGlobalRegion()).map(Region::id).toList();

  /** A value for a key, and whether it is valid in the base config. */
  record Case(String key, String value, boolean valid) {
    @Override
    public String toString() {
      return key + "=" + value + (valid ? " (valid)" : " (invalid)");
    }
  }

  static Map<String, String> baseConfig() {
    Map<String, String> props = new HashMap<>();
    props.put(TOPIC, "ecr-rules");
    props.put(REGIONS_KEY, "us-east-1,eu-west-1");
    props.put(REGISTRY_IDS, "111111111111,222222222222");
    props.put(ENDPOINT, "http://127.0.0.1:9");
    props.put(ACCESS_KEY_ID, "AKIDEXAMPLE");
    props.put(SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    return props;
  }

  private static final String REGIONS_KEY = EcrSourceConfig.REGIONS;

  private static String sentinel(String key) {
    return key.equals(MAX_RESULTS) ? POLL_INTERVAL_MS : MAX_RESULTS;
  }

  /** Validates the base config with {@code key=value} and the sentinel key invalid. */
  private static Map<String, List<String>> errorsWith(String key, String value) {
    Map<String, String> props = baseConfig();
    props.put(sentinel(key), "0");
    props.put(key, value);
    Config config = CONNECTOR.validate(props);
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (ConfigValue configValue : config.configValues()) {
      if (!configValue.errorMessages().isEmpty()) {
        errors.put(configValue.name(), configValue.errorMessages());
      }
    }
    assertThat(errors).as("the sentinel keeps validate() offline").containsKey(sentinel(key));
    errors.remove(sentinel(key));
    errors.forEach(
        (name, messages) ->
            assertThat(messages).as("errors reported on %s", name).allMatch(m -> m.contains(name)));
    if ((key.equals(SECRET_ACCESS_KEY) || key.equals(SESSION_TOKEN)) && value.trim().length() >= 4) {
      assertThat(errors.toString()).as("a secret is never echoed").doesNotContain(value.trim());
    }
    return errors;
  }

  @Property(tries = 4000)
  void knownValidValuesPassAndKnownInvalidOnesAreReportedNamingTheirKey(@ForAll("cases") Case c) {
    Map<String, List<String>> errors = errorsWith(c.key(), c.value());
    if (c.valid()) {
      assertThat(errors).as("errors for %s", c).isEmpty();
    } else {
      assertThat(errors).as("errors for %s", c).isNotEmpty();
      assertThat(errors.values().stream().flatMap(List::stream))
          .as("a message names %s", c.key())
          .anyMatch(m -> m.contains(c.key()));
    }
  }

  @Property(tries = 4000)
  void anyTextAtAnyKeyNeverMakesValidateThrow(
      @ForAll("keys") String key, @ForAll("anyText") String value) {
    errorsWith(key, value); // never throws; its own checks hold for whatever it reports
  }

  @Example
  void everyKeyHasGenerators() {
    assertThat(CASES.keySet()).containsExactlyInAnyOrderElementsOf(KEYS);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(KEYS);
  }

  @Provide
  Arbitrary<String> anyText() {
    Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
    Arbitrary<String> pieces =
        Arbitraries.strings().withChars(",:/[]@%{}$ .-_=+;\\\"'\t\n0123456789abcXYZ").ofMaxLength(30);
    Arbitrary<String> prefixed =
        Combinators.combine(
                Arbitraries.of(
                    "http://", "https://", "ftp://", "arn:aws:iam::", "${file:", "us-", "-", "+",
                    "0x", "1e", "ROOT", "{registryId}", "[::", "http://[", "https://localhost:"),
                pieces)
            .as((a, b) -> a + b);
    Arbitrary<String> numbers =
        Arbitraries.oneOf(
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.bigIntegers().between(
                    java.math.BigInteger.TWO.pow(70).negate(), java.math.BigInteger.TWO.pow(70))
                .map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf));
    return Arbitraries.oneOf(anything, printable, pieces, prefixed, numbers);
  }

  @Provide
  Arbitrary<Case> cases() {
    List<Arbitrary<Case>> all = new ArrayList<>();
    CASES.forEach(
        (key, generators) -> {
          if (generators.valid() != null) {
            all.add(generators.valid().map(v -> new Case(key, v, true)));
          }
          if (generators.invalid() != null) {
            all.add(generators.invalid().map(v -> new Case(key, v, false)));
          }
        });
    return Arbitraries.oneOf(all);
  }

  // ---- generators per key: what is valid in the base config, and what is not

  /** {@code invalid} is null for a key that accepts anything, {@code valid} for one that accepts nothing. */
  private record Generators(Arbitrary<String> valid, Arbitrary<String> invalid) {}

  private static final Map<String, Generators> CASES = new LinkedHashMap<>();

  private static Arbitrary<String> spaced(Arbitrary<String> values) {
    return Combinators.combine(Arbitraries.of("", " ", "  "), values, Arbitraries.of("", " "))
        .as((a, b, c) -> a + b + c);
  }

  private static Arbitrary<String> blank() {
    return Arbitraries.of("", " ", "   ", "\t");
  }

  private static Arbitrary<String> notANumber() {
    return Arbitraries.oneOf(
        blank(),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
        Arbitraries.of("1.5", "1e3", "0x10", "12ms", "--1", "9223372036854775808", "NaN"));
  }

  private static Generators longAtLeast(long min, long max) {
    return new Generators(
        spaced(Arbitraries.longs().between(min, max).map(String::valueOf)),
        Arbitraries.oneOf(
            Arbitraries.longs().between(Long.MIN_VALUE, min - 1).map(String::valueOf),
            notANumber()));
  }

  private static Generators intBetween(int min, int max) {
    return new Generators(
        spaced(Arbitraries.integers().between(min, max).map(String::valueOf)),
        Arbitraries.oneOf(
            Arbitraries.integers().between(Integer.MIN_VALUE, min - 1).map(String::valueOf),
            Arbitraries.integers().between(max + 1, Integer.MAX_VALUE).map(String::valueOf),
            Arbitraries.longs().greaterOrEqual(1L << 31).map(String::valueOf),
            notANumber()));
  }

  private static Arbitrary<String> listOf(Arbitrary<String> items) {
    return items.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(", ", l));
  }

  /** A list with at least one bad item among good ones. */
  private static Arbitrary<String> listWithOneOf(Arbitrary<String> good, Arbitrary<String> bad) {
    return Combinators.combine(good.list().ofMaxSize(3), bad, Arbitraries.integers().between(0, 3))
        .as(
            (goods, badOne, at) -> {
              List<String> items = new ArrayList<>(goods);
              items.add(Math.min(at, items.size()), badOne);
              return String.join(",", items);
            });
  }

  private static Arbitrary<String> topicNames() {
    return Arbitraries.strings().withChars("abcxyzABCXYZ0123456789._-").ofMinLength(1).ofMaxLength(60)
        .filter(t -> !t.equals(".") && !t.equals(".."));
  }

  private static Arbitrary<String> badTopicNames() {
    return Arbitraries.oneOf(
        blank(),
        Arbitraries.of(".", "..", "a".repeat(250)),
        Combinators.combine(topicNames(), Arbitraries.of(" ", "/", "é", "*", ":", "#", "\\"), topicNames())
            .as((a, bad, b) -> a + bad + b));
  }

  private static Arbitrary<String> hostNames() {
    return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1)
        .ofMaxLength(12).list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts))
        .filter(h -> !h.equals("localhost") && h.matches(".*(^|\\.)[a-z][a-z0-9]*"));
  }

  private static Arbitrary<String> ports() {
    return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.integers().between(1, 65535).map(p -> ":" + p));
  }

  private static Generators endpoints() {
    Arbitrary<String> loopbackHosts =
        Arbitraries.oneOf(
            Arbitraries.of("localhost", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]"),
            Arbitraries.integers().between(0, 255).list().ofSize(3)
                .map(o -> "127." + o.get(0) + "." + o.get(1) + "." + o.get(2)));
    Arbitrary<String> valid =
        Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of("https://", "HTTPS://"), hostNames(), ports())
                .as((s, h, p) -> s + h + p),
            Combinators.combine(Arbitraries.of("http://", "https://"), loopbackHosts, ports())
                .as((s, h, p) -> s + h + p),
            blank());
    Arbitrary<String> publicIps =
        Arbitraries.integers().between(1, 223).filter(i -> i != 127).flatMap(
            first -> Arbitraries.integers().between(0, 255).list().ofSize(3)
                .map(o -> first + "." + o.get(0) + "." + o.get(1) + "." + o.get(2)));
    Arbitrary<String> invalid =
        Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of("http://", "HTTP://"), hostNames(), ports())
                .as((s, h, p) -> s + h + p),
            Combinators.combine(Arbitraries.just("http://"), publicIps, ports())
                .as((s, h, p) -> s + h + p),
            Combinators.combine(Arbitraries.of("ftp://", "file://", "ws://", "//", ""), hostNames())
                .as((s, h) -> s + h + "/x"),
            Arbitraries.of("http://", "https://", "not a url", "https://user:pw@ecr.example.com",
                "http://[::1", "https:///path"));
    return new Generators(valid, invalid);
  }

  private static Arbitrary<String> accountIds() {
    return Arbitraries.strings().numeric().ofLength(12);
  }

  static {
    CASES.put(TOPIC, new Generators(spaced(topicNames()), badTopicNames()));
    CASES.put(HEARTBEAT_TOPIC, new Generators(spaced(topicNames()), badTopicNames()));
    CASES.put(POLL_INTERVAL_MS, longAtLeast(1, Long.MAX_VALUE));
    CASES.put(HEARTBEAT_INTERVAL_MS, longAtLeast(0, Long.MAX_VALUE));
    CASES.put(RETRY_BACKOFF_MS, new Generators(
        longAtLeast(1, 300_000).valid(),
        Arbitraries.oneOf(longAtLeast(1, 300_000).invalid(),
            Arbitraries.longs().between(300_001, Long.MAX_VALUE).map(String::valueOf))));
    CASES.put(RETRY_BACKOFF_MAX_MS, new Generators(
        longAtLeast(1_000, Long.MAX_VALUE).valid(),
        Arbitraries.oneOf(longAtLeast(1, 300_000).invalid(),
            Arbitraries.longs().between(1, 999).map(String::valueOf))));
    CASES.put(SNAPSHOT_MODE, new Generators(
        spaced(Arbitraries.of("initial", "no_data", "INITIAL", "No_Data")),
        Arbitraries.oneOf(blank(), Arbitraries.of("always", "never", "no-data", "initial_only"),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equalsIgnoreCase("initial")))));
    CASES.put(TOMBSTONES_ON_DELETE, new Generators(
        spaced(Arbitraries.of("true", "false", "TRUE", "False")),
        Arbitraries.oneOf(blank(), Arbitraries.of("yes", "no", "1", "0", "on", "t"))));
    CASES.put(REGIONS_KEY, new Generators(
        listOf(Arbitraries.of(REGIONS)),
        listWithOneOf(Arbitraries.of(REGIONS),
            Arbitraries.oneOf(Arbitraries.of("mars-north-1", "US-EAST-1", "us-east-99", "useast1"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)))));
    CASES.put(REGISTRY_IDS, new Generators(
        listOf(accountIds()),
        listWithOneOf(accountIds(),
            Arbitraries.oneOf(Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(11),
                Arbitraries.strings().numeric().ofMinLength(13).ofMaxLength(20),
                Arbitraries.strings().alpha().ofLength(12)))));
    Arbitrary<String> prefixes =
        Arbitraries.strings().withChars("abcz019").ofMinLength(1).ofMaxLength(8).list()
            .ofMinSize(1).ofMaxSize(3)
            .map(parts -> String.join("/", parts));
    CASES.put(REPOSITORY_PREFIXES, new Generators(
        Arbitraries.oneOf(blank(), listOf(Arbitraries.oneOf(prefixes, Arbitraries.just("ROOT")))),
        listWithOneOf(prefixes,
            Arbitraries.oneOf(Arbitraries.of("Upper", "-lead", "trail-", "a//b", "a b", "Root"),
                prefixes.map(p -> p.toUpperCase(Locale.ROOT) + "X")))));
    CASES.put(MAX_RESULTS, intBetween(1, 1000));
    CASES.put(MAX_ATTEMPTS, intBetween(1, 20));
    CASES.put(ENDPOINT, endpoints());
    CASES.put(STS_ENDPOINT, endpoints());
    CASES.put(API_CALL_TIMEOUT_MS, new Generators(
        longAtLeast(10_000, Long.MAX_VALUE).valid(),
        Arbitraries.oneOf(longAtLeast(1, 1).invalid(),
            Arbitraries.longs().between(1, 9_999).map(String::valueOf))));
    CASES.put(API_CALL_ATTEMPT_TIMEOUT_MS, new Generators(
        longAtLeast(1, 30_000).valid(),
        Arbitraries.oneOf(longAtLeast(1, 1).invalid(),
            Arbitraries.longs().between(30_001, Long.MAX_VALUE).map(String::valueOf))));
    // Blank as the config sees it: ConfigDef trims (chars <= ' '), the checks then use isBlank().
    Arbitrary<String> nonBlank =
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.trim().isBlank());
    CASES.put(ACCESS_KEY_ID, new Generators(nonBlank, blank()));
    CASES.put(SECRET_ACCESS_KEY, new Generators(nonBlank, blank()));
    CASES.put(SESSION_TOKEN, new Generators(Arbitraries.oneOf(nonBlank, blank()), null)); // any
    // With static keys in the base config no provider class is valid; a blank one is not a class.
    CASES.put(CREDENTIALS_PROVIDER_CLASS, new Generators(
        null,
        Arbitraries.oneOf(
            blank(),
            Arbitraries.of(
                "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider", // conflicts
                "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
                "java.lang.String", "com.example.Missing", "[I"),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20))));
    Arbitrary<String> roleNames = Arbitraries.strings().withChars("abcXYZ019+=,.@_-").ofMinLength(1).ofMaxLength(30);
    CASES.put(ROLE_ARN, new Generators(
        Arbitraries.oneOf(blank(),
            Combinators.combine(Arbitraries.oneOf(accountIds(), Arbitraries.just("{registryId}")), roleNames)
                .as((account, name) -> "arn:aws:iam::" + account + ":role/" + name)),
        Arbitraries.oneOf(
            Combinators.combine(accountIds(), roleNames).as((a, n) -> "arn:aws:iam::" + a + ":user/" + n),
            Combinators.combine(Arbitraries.strings().numeric().ofMaxLength(11), roleNames)
                .as((a, n) -> "arn:aws:iam::" + a + ":role/" + n),
            Arbitraries.of("role/reader", "arn:aws:iam::{account}:role/x", "*"),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20))));
    CASES.put(ROLE_EXTERNAL_ID, new Generators(blank(), nonBlank));
    CASES.put(ROLE_SESSION_NAME, new Generators(
        Arbitraries.strings().withChars("abcXYZ019+=,.@_-").ofMinLength(2).ofMaxLength(64),
        Arbitraries.oneOf(blank(),
            Arbitraries.strings().withChars("abc").ofLength(1),
            Arbitraries.strings().withChars("abc").ofMinLength(65).ofMaxLength(80),
            Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
                    Arbitraries.of(" ", "/", "*", "é", ":"))
                .as((a, bad) -> a + bad + "x"))));
  }
}
