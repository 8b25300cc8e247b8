package io.github.ecrconnect.ptc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The toolkit the property tests rely on: a failure is reported so it can be replayed. */
class PropertiesTest {
  @Test
  void aFailureNamesThePropertyTheTryTheSeedsAndTheInputAndKeepsTheCause() {
    List<Integer> seen = new ArrayList<>();
    AssertionError failure =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                Properties.forAll(
                    "at most 90",
                    1000,
                    42,
                    Gen.ints(0, 100),
                    i -> {
                      seen.add(i);
                      assertThat(i).isLessThanOrEqualTo(90);
                    }));
    int tryNumber = seen.size() - 1;
    long caseSeed = Properties.caseSeed(Properties.baseSeed(42), tryNumber);
    assertThat(failure.getMessage())
        .contains("Property 'at most 90' failed at try " + tryNumber + " of 1000")
        .contains("case seed " + caseSeed)
        .contains("input: " + seen.get(tryNumber))
        .contains("-Dproperties.seed=" + caseSeed);
    assertThat(failure.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("90");

    // The case seed, as a base seed, gives the failing input at try 0.
    assertThat(Gen.ints(0, 100).next(new Random(Properties.caseSeed(caseSeed, 0))))
        .isEqualTo(seen.get(tryNumber));
  }

  @Test
  void theSameSeedGivesTheSameInputs() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Properties.forAll("collect", 50, 7, Gen.anyStrings(0, 20), first::add);
    Properties.forAll("collect", 50, 7, Gen.anyStrings(0, 20), second::add);
    assertThat(first).hasSize(50).isEqualTo(second);
  }

  @Test
  void numbersAndSizesStayInTheirRangesAndReachTheBounds() {
    long[][] ranges = {
      {Long.MIN_VALUE, Long.MAX_VALUE},
      {Long.MIN_VALUE, -1},
      {1, Long.MAX_VALUE},
      {-5, 5},
      {0, 0},
      {Long.MAX_VALUE, Long.MAX_VALUE},
      {300_001, Long.MAX_VALUE}
    };
    Random r = new Random(1);
    for (long[] range : ranges) {
      Gen<Long> longs = Gen.longs(range[0], range[1]);
      List<Long> values = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        values.add(longs.next(r));
      }
      assertThat(values).allMatch(v -> range[0] <= v && v <= range[1]).contains(range[0], range[1]);
    }
    Gen<String> strings = Gen.strings("ab", 2, 5);
    for (int i = 0; i < 1000; i++) {
      assertThat(strings.next(r)).hasSizeBetween(2, 5).matches("[ab]*");
    }
  }
}
