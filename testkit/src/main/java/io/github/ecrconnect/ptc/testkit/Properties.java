package io.github.ecrconnect.ptc.testkit;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property: a check that must hold for every generated input. Plain JUnit 5 calls it from a
 * {@code @Test} method.
 *
 * <p>Deterministic: every run of a property sees the same inputs, from its fixed base seed, so a
 * failure in CI fails the same way on a laptop. Each try has its own case seed, derived from the
 * base seed and the try number, and try 0 uses the base seed itself; so running with {@code
 * -Dproperties.seed=<the case seed of a failure>} replays that failing input first. Any other seed
 * explores new inputs (every property of the run then starts from it). There is no shrinking:
 * generators keep inputs small enough to read.
 */
public final class Properties {
  /** Overrides every property's base seed, e.g. {@code mvn test -Dproperties.seed=123}. */
  public static final String SEED_PROPERTY = "properties.seed";

  private Properties() {}

  /**
   * Checks {@code property} on {@code tries} inputs of {@code gen}.
   *
   * @throws AssertionError on the first input whose check throws, naming the property, the try, the
   *     seeds and the input, with what the check threw as its cause
   */
  public static <T> void forAll(
      String name, int tries, long seed, Gen<T> gen, Consumer<? super T> property) {
    long baseSeed = baseSeed(seed);
    for (int i = 0; i < tries; i++) {
      long caseSeed = caseSeed(baseSeed, i);
      T input;
      try {
        input = gen.next(new Random(caseSeed));
      } catch (RuntimeException e) {
        throw new AssertionError(
            String.format(
                "Property '%s': generator failed at try %d (case seed %d)", name, i, caseSeed),
            e);
      }
      try {
        property.accept(input);
      } catch (Throwable e) { // AssertionError, or anything the code under test threw
        String replay =
            caseSeed == baseSeed
                ? String.format("-D%s=%d", SEED_PROPERTY, caseSeed)
                : String.format(
                    "-D%s=%d replays this input first (-D%s=%d the whole run)",
                    SEED_PROPERTY, caseSeed, SEED_PROPERTY, baseSeed);
        throw new AssertionError(
            String.format(
                "Property '%s' failed at try %d of %d, base seed %d, case seed %d%n"
                    + "  input: %s%n  reproduce: %s%n  failure: %s",
                name, i, tries, baseSeed, caseSeed, printable(String.valueOf(input)), replay, e),
            e);
      }
    }
  }

  /** {@code seed}, unless {@value #SEED_PROPERTY} is set; a typo in it fails rather than hides. */
  static long baseSeed(long seed) {
    String override = System.getProperty(SEED_PROPERTY);
    return override == null ? seed : Long.parseLong(override.trim());
  }

  /** The base seed for try 0, then a well-mixed seed per try (SplitMix64's finaliser). */
  static long caseSeed(long baseSeed, int tryNumber) {
    if (tryNumber == 0) {
      return baseSeed;
    }
    long z = baseSeed + tryNumber * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Inputs hold control chars, lone surrogates and the like: escape them, or the report lies. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c >= ' ' && c <= '~') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
