package io.github.ecrconnect.ptc.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random test input for {@link Properties#forAll}: all randomness comes from the
 * {@link Random} passed in, so one seed always gives the same value. Generators are plain lambdas
 * ({@code r -> a.next(r) + b.next(r)} combines two), and the static methods below are the few
 * building blocks the property tests need.
 *
 * <p>Numbers and sizes are not uniform only: a uniform long is almost never near 0 or a bound, yet
 * that is where parsers and range checks break. So part of the values are bounds, and part are at a
 * random bit-length from a bound (log-uniform), as property-testing libraries do.
 */
@FunctionalInterface
public interface Gen<T> {
  T next(Random r);

  default <U> Gen<U> map(Function<? super T, ? extends U> f) {
    return r -> f.apply(next(r));
  }

  /** A generator chosen by this one's value (a value that depends on another). */
  default <U> Gen<U> flatMap(Function<? super T, Gen<U>> f) {
    return r -> f.apply(next(r)).next(r);
  }

  /** Retries until a value passes; a filter that rejects nearly everything is a bug in the test. */
  default Gen<T> filter(Predicate<? super T> keep) {
    return r -> {
      for (int i = 0; i < 10_000; i++) {
        T value = next(r);
        if (keep.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("filter rejected 10000 values in a row");
    };
  }

  /** null with probability {@code p}, this generator's value otherwise. */
  default Gen<T> orNull(double p) {
    return r -> r.nextDouble() < p ? null : next(r);
  }

  /** Lists of {@code min..max} values. */
  default Gen<List<T>> list(int min, int max) {
    return r -> {
      int size = size(r, min, max);
      List<T> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(next(r));
      }
      return values;
    };
  }

  // ---- choice

  static <T> Gen<T> constant(T value) {
    return r -> value;
  }

  /** One of the values, equally likely. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  static <T> Gen<T> oneOf(T... values) {
    return oneOf(List.of(values));
  }

  static <T> Gen<T> oneOf(List<T> values) {
    List<T> copy = List.copyOf(values);
    return r -> copy.get(r.nextInt(copy.size()));
  }

  /** A value of one of the generators, each equally likely. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  static <T> Gen<T> either(Gen<? extends T>... gens) {
    return either(List.of(gens));
  }

  static <T> Gen<T> either(List<? extends Gen<? extends T>> gens) {
    List<Gen<? extends T>> copy = List.copyOf(gens);
    return r -> copy.get(r.nextInt(copy.size())).next(r);
  }

  /** A generator with its weight, for {@link #frequency}. */
  record Weighted<T>(int weight, Gen<? extends T> gen) {}

  static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** A value of one of the generators, with a chance proportional to its weight. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  static <T> Gen<T> frequency(Weighted<T>... choices) {
    List<Weighted<T>> copy = List.of(choices); // in order: the same seed picks the same one
    int total = copy.stream().mapToInt(Weighted::weight).sum();
    return r -> {
      int ticket = r.nextInt(total);
      for (Weighted<T> choice : copy) {
        ticket -= choice.weight();
        if (ticket < 0) {
          return choice.gen().next(r);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  // ---- numbers

  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /**
   * {@code min..max} inclusive: a bound (1 time in 10), a value at a random bit-length from a bound
   * or from 0 (4 in 10; log-uniform, so small distances are as likely as huge ones), or uniform.
   */
  static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException(min + " > " + max);
    }
    return r -> {
      int kind = r.nextInt(10);
      if (kind == 0) {
        return r.nextBoolean() ? min : max;
      }
      if (kind <= 4) {
        long offset = r.nextLong() >>> (1 + r.nextInt(63)); // >= 0, of at most 1..63 bits
        long value =
            switch (r.nextInt(4)) {
              case 0 -> min + offset; // an overflow wraps below min: rejected by the check below
              case 1 -> max - offset; // and an underflow above max
              case 2 -> offset;
              default -> -offset;
            };
        if (min <= value && value <= max) {
          return value;
        }
      }
      long span = max - min + 1; // as an unsigned number; 0 means all 2^64 longs
      return span == 0 ? r.nextLong() : min + Long.remainderUnsigned(r.nextLong(), span);
    };
  }

  /** Integers of up to {@code bits} bits, either sign; the bit length is uniform. */
  static Gen<BigInteger> bigIntegers(int bits) {
    return r -> {
      BigInteger value = new BigInteger(r.nextInt(bits + 1), r);
      return r.nextBoolean() ? value.negate() : value;
    };
  }

  /**
   * Any double: the special values (NaN, infinities, zeros, extremes), small decimals, any bits.
   */
  static Gen<Double> doubles() {
    Gen<Double> special =
        oneOf(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0.0,
            -0.0,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            1.0,
            -1.0);
    Gen<Double> decimals = longs(-1_000_000, 1_000_000).map(l -> l / 100.0);
    Gen<Double> anyBits = r -> Double.longBitsToDouble(r.nextLong());
    return either(special, decimals, anyBits);
  }

  // ---- text

  /** Strings of {@code min..max} chars, each one of {@code chars}. */
  static Gen<String> strings(String chars, int min, int max) {
    return strings(r -> chars.charAt(r.nextInt(chars.length())), min, max);
  }

  /** Strings of {@code min..max} chars from {@code from..to} (inclusive). */
  static Gen<String> strings(char from, char to, int min, int max) {
    return strings(r -> (char) (from + r.nextInt(to - from + 1)), min, max);
  }

  static Gen<String> strings(Gen<Character> chars, int min, int max) {
    return r -> {
      int length = size(r, min, max);
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(chars.next(r));
      }
      return text.toString();
    };
  }

  /** Char sets for {@link #strings(String, int, int)}. */
  String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  String DIGITS = "0123456789";

  /**
   * Any char, weighted towards the ones that break text handling: printable ASCII, whitespace and
   * control chars, Latin-1, and anything else in the BMP (lone surrogates included).
   */
  static Gen<Character> anyChar() {
    return frequency(
        weight(4, r -> (char) (' ' + r.nextInt(95))),
        weight(
            2,
            oneOf(
                ' ', '\t', '\n', '\r', '\u000b', '\f', '\u0000', '\u007f', '\u00a0', '\u2028',
                '\u3000', '\ufeff')),
        weight(1, r -> (char) r.nextInt(0x20)),
        weight(1, r -> (char) (0x80 + r.nextInt(0x80))),
        weight(2, r -> (char) r.nextInt(0x10000)));
  }

  static Gen<String> anyStrings(int min, int max) {
    return strings(anyChar(), min, max);
  }

  // ---- collections

  /** Maps of up to {@code maxSize} entries (fewer when keys repeat). */
  static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int maxSize) {
    return r -> {
      int size = size(r, 0, maxSize);
      Map<K, V> map = new HashMap<>();
      for (int i = 0; i < size; i++) {
        map.put(keys.next(r), values.next(r));
      }
      return map;
    };
  }

  /** A size in {@code min..max}: the least or the most 1 time in 5 each, uniform otherwise. */
  private static int size(Random r, int min, int max) {
    int kind = r.nextInt(5);
    return kind == 0 ? min : kind == 1 ? max : min + r.nextInt(max - min + 1);
  }
}
