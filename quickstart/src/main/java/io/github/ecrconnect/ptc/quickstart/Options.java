package io.github.ecrconnect.ptc.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line of ./run; the resource {@code quickstart/usage.txt} documents it. */
record Options(
    Source source,
    Path rulesFile,
    Optional<Duration> pollInterval,
    Path connectorConfig,
    boolean json,
    boolean help,
    int restPort,
    int kafkaPort,
    int ecrPort,
    boolean avro,
    Optional<Path> lake) {

  /** Where the connector reads rules from. */
  enum Source {
    /** AWS when credentials and a region are found, else local. */
    AUTO,
    AWS,
    LOCAL
  }

  static final Path DEFAULT_RULES = Path.of("config", "quickstart-rules.json");
  static final Path DEFAULT_CONNECTOR_CONFIG = Path.of("config", "quickstart-connector.json");
  static final int DEFAULT_REST_PORT = 8083;
  static final int DEFAULT_KAFKA_PORT = 9092;

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  static Options parse(List<String> args) throws UsageException {
    return parse(args, null);
  }

  /**
   * Parses {@code args}; file names given on the command line are resolved against {@code
   * callerDir} (where the user ran ./run from), the defaults against the project directory.
   */
  static Options parse(List<String> args, Path callerDir) throws UsageException {
    Source source = Source.AUTO;
    Path rules = DEFAULT_RULES;
    Optional<Duration> poll = Optional.empty();
    Path connector = DEFAULT_CONNECTOR_CONFIG;
    boolean json = false;
    boolean help = false;
    int restPort = DEFAULT_REST_PORT;
    int kafkaPort = DEFAULT_KAFKA_PORT;
    int ecrPort = 0;
    boolean avro = false;
    Optional<Path> lake = Optional.empty();
    Deque<String> rest = new ArrayDeque<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        rest.add(arg.substring(0, eq)); // --rules=FILE is --rules FILE
        rest.add(arg.substring(eq + 1));
      } else {
        rest.add(arg);
      }
    }
    while (!rest.isEmpty()) {
      String flag = rest.poll();
      switch (flag) {
        case "--aws":
        case "--local":
          Source chosen = flag.equals("--aws") ? Source.AWS : Source.LOCAL;
          if (source != Source.AUTO && source != chosen) {
            throw new UsageException("--aws and --local exclude each other");
          }
          source = chosen;
          break;
        case "--rules":
          rules = given(callerDir, value(flag, rest));
          break;
        case "--poll-interval":
          poll = Optional.of(duration(flag, value(flag, rest)));
          break;
        case "--connector-config":
          connector = given(callerDir, value(flag, rest));
          break;
        case "--json":
          json = true;
          break;
        case "--help":
        case "-h":
          help = true;
          break;
        case "--rest-port":
          restPort = port(flag, value(flag, rest), false);
          break;
        case "--kafka-port":
          kafkaPort = port(flag, value(flag, rest), false);
          break;
        case "--ecr-port":
          ecrPort = port(flag, value(flag, rest), true);
          break;
        case "--avro":
          avro = true;
          break;
        case "--lake":
          lake = Optional.of(given(callerDir, value(flag, rest)));
          break;
        default:
          throw new UsageException(
              flag.startsWith("-") ? "unknown option " + flag : "unexpected argument " + flag);
      }
    }
    if (restPort == kafkaPort || (ecrPort != 0 && (ecrPort == restPort || ecrPort == kafkaPort))) {
      throw new UsageException("--rest-port, --kafka-port and --ecr-port must differ");
    }
    if (avro && lake.isPresent()) {
      // The sink reads the topic with JsonConverter (config/iceberg-sink.json).
      throw new UsageException("--avro and --lake exclude each other");
    }
    return new Options(
        source, rules, poll, connector, json, help, restPort, kafkaPort, ecrPort, avro, lake);
  }

  private static Path given(Path callerDir, String file) {
    return callerDir == null ? Path.of(file) : callerDir.resolve(file).normalize();
  }

  private static String value(String flag, Deque<String> rest) throws UsageException {
    String value = rest.poll();
    if (value == null || value.startsWith("--")) {
      throw new UsageException(flag + " needs a value");
    }
    return value;
  }

  /** Plain milliseconds, a number with ms, s, m or h, or an ISO-8601 duration such as PT5S. */
  static Duration duration(String flag, String text) throws UsageException {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Duration parsed = null;
    Matcher matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
      switch (unit) {
        case "h":
          parsed = Duration.ofHours(amount);
          break;
        case "m":
          parsed = Duration.ofMinutes(amount);
          break;
        case "s":
          parsed = Duration.ofSeconds(amount);
          break;
        default:
          parsed = Duration.ofMillis(amount);
      }
    } else if (value.startsWith("pt")) {
      try {
        parsed = Duration.parse(value);
      } catch (DateTimeParseException e) {
        parsed = null;
      }
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw new UsageException(
          flag + " " + text + " is not a positive duration; use e.g. 5s, 500ms, 1m or 5000");
    }
    return parsed;
  }

  private static int port(String flag, String text, boolean zeroAllowed) throws UsageException {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= (zeroAllowed ? 0 : 1) && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        flag
            + " "
            + text
            + " is not a port number (1-65535"
            + (zeroAllowed ? ", or 0 for any" : "")
            + ")");
  }
}
