package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.*;
import static io.github.ecrconnect.ptc.testkit.Gen.ALPHA;
import static io.github.ecrconnect.ptc.testkit.Gen.DIGITS;
import static io.github.ecrconnect.ptc.testkit.Gen.constant;
import static io.github.ecrconnect.ptc.testkit.Gen.either;
import static io.github.ecrconnect.ptc.testkit.Gen.ints;
import static io.github.ecrconnect.ptc.testkit.Gen.longs;
import static io.github.ecrconnect.ptc.testkit.Gen.oneOf;
import static io.github.ecrconnect.ptc.testkit.Gen.strings;
import static io.github.ecrconnect.ptc.testkit.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.Gen;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * Thousands of random values at every config key through {@code validate()}: it never throws; every
 * error message names the key it is reported on; a value known to be invalid gets an error naming
 * its key, a value known to be valid gets none; secret values are never echoed.
 *
 * <p>Every case keeps one other key invalid (the sentinel), so {@code validate()} never makes its
 * live AWS call: the tests stay fast and offline.
 *
 * <p>Inputs come from fixed seeds ({@link io.github.ecrconnect.ptc.testkit.Properties}); a failure
 * names its seed and input, and {@code -Dproperties.seed=...} replays or explores.
 */
class ConfigValidationPropertiesTest {
  private static final EcrPullThroughCacheSourceConnector CONNECTOR =
      new EcrPullThroughCacheSourceConnector();
  private static final List<String> KEYS = new ArrayList<>(new TreeSet<>(configDef().names()));
  private static final List<String> REGIONS =
      Region.regions().stream().filter(r -> !r.isGlobalRegion()).map(Region::id).toList();
  private static final List<String> GLOBAL_PSEUDO_REGIONS =
      Region.regions().stream().filter(Region::isGlobalRegion).map(Region::id).toList();

  /** A value for a key, and whether it is valid in the base config. */
  record Case(String key, String value, boolean valid) {
    @Override
    public String toString() {
      return key + "=" + value + (valid ? " (valid)" : " (invalid)");
    }
  }

  /** Any text at a key. */
  record KeyValue(String key, String value) {
    @Override
    public String toString() {
      return key + "=" + value;
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
    if ((key.equals(SECRET_ACCESS_KEY) || key.equals(SESSION_TOKEN))
        && value.trim().length() >= 4) {
      assertThat(errors.toString()).as("a secret is never echoed").doesNotContain(value.trim());
    }
    return errors;
  }

  @Test
  void knownValidValuesPassAndKnownInvalidOnesAreReportedNamingTheirKey() {
    forAll(
        "known valid values pass, known invalid ones are reported naming their key",
        4000,
        0x5EED_C0F1_6001L,
        cases(),
        c -> {
          Map<String, List<String>> errors = errorsWith(c.key(), c.value());
          if (c.valid()) {
            assertThat(errors).as("errors for %s", c).isEmpty();
          } else {
            assertThat(errors).as("errors for %s", c).isNotEmpty();
            assertThat(errors.values().stream().flatMap(List::stream))
                .as("a message names %s", c.key())
                .anyMatch(m -> m.contains(c.key()));
          }
        });
  }

  @Test
  void anyTextAtAnyKeyNeverMakesValidateThrow() {
    Gen<String> keys = oneOf(KEYS);
    Gen<String> values = anyText();
    forAll(
        "any text at any key never makes validate() throw",
        4000,
        0x5EED_C0F1_6002L,
        r -> new KeyValue(keys.next(r), values.next(r)),
        // Never throws; its own checks hold for whatever it reports.
        kv -> errorsWith(kv.key(), kv.value()));
  }

  @Test
  void everyKeyHasGenerators() {
    assertThat(CASES.keySet()).containsExactlyInAnyOrderElementsOf(KEYS);
  }

  static Gen<String> anyText() {
    Gen<String> anything = Gen.anyStrings(0, 40);
    Gen<String> printable = strings(' ', '~', 0, 40);
    Gen<String> pieces = strings(",:/[]@%{}$ .-_=+;\\\"'\t\n0123456789abcXYZ", 0, 30);
    Gen<String> prefixes =
        oneOf(
            "http://",
            "https://",
            "ftp://",
            "arn:aws:iam::",
            "${file:",
            "us-",
            "-",
            "+",
            "0x",
            "1e",
            "ROOT",
            "{registryId}",
            "[::",
            "http://[",
            "https://localhost:");
    Gen<String> prefixed = r -> prefixes.next(r) + pieces.next(r);
    Gen<String> numbers =
        either(
            longs(Long.MIN_VALUE, Long.MAX_VALUE).map(String::valueOf),
            Gen.bigIntegers(70).map(String::valueOf),
            Gen.doubles().map(String::valueOf));
    return either(anything, printable, pieces, prefixed, numbers);
  }

  static Gen<Case> cases() {
    List<Gen<Case>> all = new ArrayList<>();
    CASES.forEach(
        (key, generators) -> {
          if (generators.valid() != null) {
            all.add(generators.valid().map(v -> new Case(key, v, true)));
          }
          if (generators.invalid() != null) {
            all.add(generators.invalid().map(v -> new Case(key, v, false)));
          }
        });
    return either(all);
  }

  // ---- generators per key: what is valid in the base config, and what is not

  /**
   * {@code invalid} is null for a key that accepts anything, {@code valid} for one that accepts
   * nothing.
   */
  private record Generators(Gen<String> valid, Gen<String> invalid) {}

  private static final Map<String, Generators> CASES = new LinkedHashMap<>();

  private static Gen<String> spaced(Gen<String> values) {
    Gen<String> before = oneOf("", " ", "  ");
    Gen<String> after = oneOf("", " ");
    return r -> before.next(r) + values.next(r) + after.next(r);
  }

  private static Gen<String> blank() {
    return oneOf("", " ", "   ", "\t");
  }

  private static Gen<String> notANumber() {
    return either(
        blank(),
        strings(ALPHA, 1, 10),
        oneOf("1.5", "1e3", "0x10", "12ms", "--1", "9223372036854775808", "NaN"));
  }

  private static Generators longAtLeast(long min, long max) {
    return new Generators(
        spaced(longs(min, max).map(String::valueOf)),
        either(longs(Long.MIN_VALUE, min - 1).map(String::valueOf), notANumber()));
  }

  private static Generators intBetween(int min, int max) {
    return new Generators(
        spaced(ints(min, max).map(String::valueOf)),
        either(
            ints(Integer.MIN_VALUE, min - 1).map(String::valueOf),
            ints(max + 1, Integer.MAX_VALUE).map(String::valueOf),
            longs(1L << 31, Long.MAX_VALUE).map(String::valueOf),
            notANumber()));
  }

  /**
   * A finite DOUBLE at least 0, as ConfigDef really parses it: Double.parseDouble of the trimmed
   * text, so exponents, hex floats and a d/f suffix are accepted, and so are -0 and negatives that
   * round to -0.0 (-1e-400). "NaN" and "Infinity" (also a finite text too large, 1e400) parse but
   * make no rate, so the connector's validator refuses them. Not "nan", "inf" or a non-ASCII digit.
   */
  private static Generators doubleAtLeastZero() {
    Gen<Double> nonNegative =
        either(
            oneOf(0.0, 0.5, 10.0, 1e6, Double.MIN_VALUE, Double.MAX_VALUE),
            Gen.doubles().map(Math::abs).filter(Double::isFinite));
    Gen<String> formats =
        r -> {
          double d = nonNegative.next(r);
          boolean integral = Double.isFinite(d) && d == Math.rint(d) && d < 1e18;
          return switch (r.nextInt(4)) {
            case 0 -> String.valueOf(d);
            case 1 -> integral ? String.valueOf((long) d) : String.valueOf(d);
            case 2 -> Double.isFinite(d) ? Double.toHexString(d) : String.valueOf(d);
            default -> String.format(Locale.ROOT, "%e", d);
          };
        };
    Gen<String> valid =
        spaced(
            either(
                formats,
                oneOf(
                    "0", "-0", "-0.0", "-1e-400", ".5", "5.", "+1", "1e3", "10d", "10F", "0x1p3",
                    "1e300")));
    Gen<String> negative =
        either(
            Gen.doubles().map(d -> -Math.abs(d)).filter(d -> d < 0).map(String::valueOf),
            longs(Long.MIN_VALUE, -1).map(String::valueOf),
            oneOf("-1", "-0.5", "-4.9E-324", "-1e-320", "-Infinity", "-1e400"));
    Gen<String> notFinite = oneOf("NaN", "Infinity", "+Infinity", "1e400", "1e309", " NaN ");
    Gen<String> notADouble =
        either(
            blank(),
            strings(ALPHA, 1, 10).filter(s -> !s.equals("NaN") && !s.equals("Infinity")),
            oneOf(
                "nan",
                "inf",
                "infinity",
                "1,5",
                "1_000",
                "0x10",
                "12ms",
                "--1",
                "1e",
                "e3",
                "ten",
                "\u00a05",
                "\uff15"));
    return new Generators(valid, either(either(negative, notADouble), notFinite));
  }

  private static Gen<String> listOf(Gen<String> items) {
    return items.list(1, 4).map(l -> String.join(", ", l));
  }

  /** A list with at least one bad item among good ones. */
  private static Gen<String> listWithOneOf(Gen<String> good, Gen<String> bad) {
    Gen<List<String>> goods = good.list(0, 3);
    Gen<Integer> positions = ints(0, 3);
    return r -> {
      List<String> items = new ArrayList<>(goods.next(r));
      String badOne = bad.next(r);
      items.add(Math.min(positions.next(r), items.size()), badOne);
      return String.join(",", items);
    };
  }

  private static Gen<String> topicNames() {
    return strings("abcxyzABCXYZ0123456789._-", 1, 60)
        .filter(t -> !t.equals(".") && !t.equals(".."));
  }

  private static Gen<String> badTopicNames() {
    Gen<String> bad = oneOf(" ", "/", "é", "*", ":", "#", "\\");
    return either(
        blank(),
        oneOf(".", "..", "a".repeat(250)),
        r -> topicNames().next(r) + bad.next(r) + topicNames().next(r));
  }

  private static Gen<String> hostNames() {
    return strings(ALPHA.substring(0, 26) + DIGITS, 1, 12)
        .list(1, 4)
        .map(parts -> String.join(".", parts))
        .filter(h -> !h.equals("localhost") && h.matches(".*(^|\\.)[a-z][a-z0-9]*"));
  }

  private static Gen<String> ports() {
    return either(constant(""), ints(1, 65535).map(p -> ":" + p));
  }

  /** A scheme, a host and an optional port. */
  private static Gen<String> url(Gen<String> schemes, Gen<String> hosts) {
    Gen<String> ports = ports();
    return r -> schemes.next(r) + hosts.next(r) + ports.next(r);
  }

  private static Generators endpoints() {
    Gen<String> loopbackHosts =
        either(
            oneOf("localhost", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]"),
            ints(0, 255).list(3, 3).map(o -> "127." + o.get(0) + "." + o.get(1) + "." + o.get(2)));
    Gen<String> valid =
        either(
            url(oneOf("https://", "HTTPS://"), hostNames()),
            url(oneOf("http://", "https://"), loopbackHosts),
            blank());
    Gen<String> publicIps =
        ints(1, 223)
            .filter(i -> i != 127)
            .flatMap(
                first ->
                    ints(0, 255)
                        .list(3, 3)
                        .map(o -> first + "." + o.get(0) + "." + o.get(1) + "." + o.get(2)));
    Gen<String> otherSchemes = oneOf("ftp://", "file://", "ws://", "//", "");
    Gen<String> invalid =
        either(
            url(oneOf("http://", "HTTP://"), hostNames()),
            url(constant("http://"), publicIps),
            r -> otherSchemes.next(r) + hostNames().next(r) + "/x",
            oneOf(
                "http://",
                "https://",
                "not a url",
                "https://user:pw@ecr.example.com",
                "http://[::1",
                "https:///path"));
    return new Generators(valid, invalid);
  }

  private static Gen<String> accountIds() {
    return strings(DIGITS, 12, 12);
  }

  static {
    CASES.put(TOPIC, new Generators(spaced(topicNames()), badTopicNames()));
    CASES.put(HEARTBEAT_TOPIC, new Generators(spaced(topicNames()), badTopicNames()));
    CASES.put(POLL_INTERVAL_MS, longAtLeast(1, Long.MAX_VALUE));
    CASES.put(HEARTBEAT_INTERVAL_MS, longAtLeast(0, Long.MAX_VALUE));
    CASES.put(
        RETRY_BACKOFF_MS,
        new Generators(
            longAtLeast(1, 300_000).valid(),
            either(
                longAtLeast(1, 300_000).invalid(),
                longs(300_001, Long.MAX_VALUE).map(String::valueOf))));
    CASES.put(
        RETRY_BACKOFF_MAX_MS,
        new Generators(
            longAtLeast(1_000, Long.MAX_VALUE).valid(),
            either(longAtLeast(1, 300_000).invalid(), longs(1, 999).map(String::valueOf))));
    CASES.put(
        SNAPSHOT_MODE,
        new Generators(
            spaced(oneOf("initial", "no_data", "INITIAL", "No_Data")),
            either(
                blank(),
                oneOf("always", "never", "no-data", "initial_only"),
                strings(ALPHA, 1, 12).filter(s -> !s.equalsIgnoreCase("initial")))));
    CASES.put(
        TOMBSTONES_ON_DELETE,
        new Generators(
            spaced(oneOf("true", "false", "TRUE", "False")),
            either(blank(), oneOf("yes", "no", "1", "0", "on", "t"))));
    CASES.put(
        REGIONS_KEY,
        new Generators(
            either(listOf(oneOf(REGIONS)), spaced(constant("all"))),
            either(
                listWithOneOf(
                    oneOf(REGIONS),
                    either(
                        oneOf("mars-north-1", "US-EAST-1", "us-east-99", "useast1", "ALL"),
                        oneOf(GLOBAL_PSEUDO_REGIONS),
                        strings(ALPHA, 1, 10).filter(s -> !s.equals("all")))),
                r -> oneOf(REGIONS).next(r) + ",all")));
    // The base config has no role per account, which organization needs.
    CASES.put(
        REGISTRY_IDS,
        new Generators(
            listOf(accountIds()),
            either(
                listWithOneOf(
                    accountIds(),
                    either(
                        strings(DIGITS, 1, 11), strings(DIGITS, 13, 20), strings(ALPHA, 12, 12))),
                spaced(constant("organization")),
                r -> "organization," + accountIds().next(r))));
    CASES.put(DISCOVERY_INTERVAL_MS, longAtLeast(1, Long.MAX_VALUE));
    // The base config lists its accounts, so any include or exclude list is an error there.
    Generators onlyWithOrganization =
        new Generators(
            blank(),
            either(listOf(accountIds()), listWithOneOf(accountIds(), strings(DIGITS, 1, 11))));
    CASES.put(ORGANIZATION_ACCOUNTS_INCLUDE, onlyWithOrganization);
    CASES.put(ORGANIZATION_ACCOUNTS_EXCLUDE, onlyWithOrganization);
    CASES.put(ORGANIZATIONS_ENDPOINT, endpoints());
    CASES.put(ACCOUNT_ENDPOINT, endpoints());
    // ECR's prefixes: 2 to 30 characters, lower-case path parts, no trailing '/', or ROOT.
    Gen<String> prefixes =
        strings("abcz019", 1, 8)
            .list(1, 3)
            .map(parts -> String.join("/", parts))
            .filter(p -> p.length() >= 2);
    CASES.put(
        REPOSITORY_PREFIXES,
        new Generators(
            either(blank(), listOf(either(prefixes, constant("ROOT")))),
            listWithOneOf(
                prefixes,
                either(
                    oneOf("Upper", "-lead", "trail-", "a//b", "a b", "Root", "a", "ROOT/"),
                    prefixes.map(p -> p + "/"),
                    strings("abcz019", 31, 40),
                    prefixes.map(p -> p.toUpperCase(Locale.ROOT) + "X")))));
    CASES.put(MAX_RESULTS, intBetween(1, 1000));
    CASES.put(MAX_ATTEMPTS, intBetween(1, 20));
    CASES.put(MAX_REQUESTS_PER_SECOND, doubleAtLeastZero());
    CASES.put(MAX_LISTINGS_IN_FLIGHT, intBetween(1, 64));
    CASES.put(ENDPOINT, endpoints());
    CASES.put(STS_ENDPOINT, endpoints());
    CASES.put(
        API_CALL_TIMEOUT_MS,
        new Generators(
            longAtLeast(10_000, Long.MAX_VALUE).valid(),
            either(longAtLeast(1, 1).invalid(), longs(1, 9_999).map(String::valueOf))));
    CASES.put(
        API_CALL_ATTEMPT_TIMEOUT_MS,
        new Generators(
            longAtLeast(1, 30_000).valid(),
            either(
                longAtLeast(1, 1).invalid(), longs(30_001, Long.MAX_VALUE).map(String::valueOf))));
    // Blank as the config sees it: ConfigDef trims (chars <= ' '), the checks then use isBlank().
    Gen<String> nonBlank = Gen.anyStrings(1, 40).filter(s -> !s.trim().isBlank());
    CASES.put(ACCESS_KEY_ID, new Generators(nonBlank, blank()));
    CASES.put(SECRET_ACCESS_KEY, new Generators(nonBlank, blank()));
    CASES.put(SESSION_TOKEN, new Generators(either(nonBlank, blank()), null)); // any
    // With static keys in the base config no provider class is valid; a blank one is not a class.
    CASES.put(
        CREDENTIALS_PROVIDER_CLASS,
        new Generators(
            null,
            either(
                blank(),
                oneOf(
                    "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider", // conflicts
                    "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
                    "java.lang.String",
                    "com.example.Missing",
                    "[I"),
                strings(ALPHA, 1, 20))));
    Gen<String> roleNames = strings("abcXYZ019+=,.@_-", 1, 30);
    Gen<String> roleAccounts = either(accountIds(), constant("{registryId}"));
    Gen<String> shortAccounts = strings(DIGITS, 0, 11);
    CASES.put(
        ROLE_ARN,
        new Generators(
            either(
                blank(),
                r -> "arn:aws:iam::" + roleAccounts.next(r) + ":role/" + roleNames.next(r)),
            either(
                r -> "arn:aws:iam::" + accountIds().next(r) + ":user/" + roleNames.next(r),
                r -> "arn:aws:iam::" + shortAccounts.next(r) + ":role/" + roleNames.next(r),
                oneOf("role/reader", "arn:aws:iam::{account}:role/x", "*"),
                strings(ALPHA, 1, 20))));
    CASES.put(ROLE_EXTERNAL_ID, new Generators(blank(), nonBlank));
    Gen<String> badSessionChars = oneOf(" ", "/", "*", "é", ":");
    CASES.put(
        ROLE_SESSION_NAME,
        new Generators(
            strings("abcXYZ019+=,.@_-", 2, 64),
            either(
                blank(),
                strings("abc", 1, 1),
                strings("abc", 65, 80),
                r -> strings(ALPHA, 1, 10).next(r) + badSessionChars.next(r) + "x")));
  }
}
