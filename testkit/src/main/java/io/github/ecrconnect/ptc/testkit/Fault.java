package io.github.ecrconnect.ptc.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour of DescribePullThroughCacheRules for {@link FakeEcrServer#inject(Fault)}.
 * Immutable: the selectors return copies, e.g. {@code Fault.throttling().times(5).forRegion(r)}.
 *
 * <p>A fault hits a request that is otherwise valid and authenticated, and matches every selector
 * set (region, registry id, page). By default it hits once; {@link #times(int)} and {@link
 * #always()} change that. When several injected faults match, the earliest injected one hits, and
 * one request suffers at most one fault.
 */
public final class Fault {
  enum Kind {
    /** A JSON error body with {@code __type}, as the service sends. */
    ERROR,
    /** A 503 with an HTML body and no error type, as a load balancer in front would send. */
    SERVICE_UNAVAILABLE,
    DELAY,
    HOLD,
    MALFORMED_JSON,
    TRUNCATED_BODY,
    NEXT_TOKEN_LOOP,
    DUPLICATE_ACROSS_PAGES
  }

  static final int ALWAYS = -1;
  static final int ANY_PAGE = 0;

  private final Kind kind;
  private final int status;
  private final String code;
  private final String message;
  private final Duration delay;
  private final String region;
  private final String registryId;
  private final int page;
  private final int times;

  private Fault(Kind kind, int status, String code, String message, Duration delay) {
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.message = message;
    this.delay = delay;
    this.region = null;
    this.registryId = null;
    this.page = ANY_PAGE;
    this.times = 1;
  }

  /** {@code base} with other selectors. */
  private Fault(Fault base, String region, String registryId, int page, int times) {
    this.kind = base.kind;
    this.status = base.status;
    this.code = base.code;
    this.message = base.message;
    this.delay = base.delay;
    this.region = region;
    this.registryId = registryId;
    this.page = page;
    this.times = times;
  }

  private static Fault of(Kind kind) {
    return new Fault(kind, 0, null, null, null);
  }

  /** Any service error: HTTP {@code status}, {@code __type} {@code code}, {@code message}. */
  public static Fault error(int status, String code, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
    }
    return new Fault(Kind.ERROR, status, Objects.requireNonNull(code, "code"), message, null);
  }

  /** 400 {@code ThrottlingException} "Rate exceeded". */
  public static Fault throttling() {
    return error(400, "ThrottlingException", "Rate exceeded");
  }

  /** 500 {@code ServerException}: the service's own internal error. */
  public static Fault serverError() {
    return error(500, "ServerException", "We encountered an internal error. Please try again.");
  }

  /** 503 with an HTML body and no error code. */
  public static Fault serviceUnavailable() {
    return of(Kind.SERVICE_UNAVAILABLE);
  }

  /** 400 {@code AccessDeniedException}: the caller lacks ecr:DescribePullThroughCacheRules. */
  public static Fault accessDenied() {
    return error(
        400,
        "AccessDeniedException",
        "User is not authorized to perform: ecr:DescribePullThroughCacheRules"
            + " because no identity-based policy allows the"
            + " ecr:DescribePullThroughCacheRules action");
  }

  /** 400 {@code UnrecognizedClientException}: the access key does not exist. */
  public static Fault unrecognizedClient() {
    return error(
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.");
  }

  /** Waits {@code delay} before answering normally; a client with a shorter timeout gives up. */
  public static Fault delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
    return new Fault(Kind.DELAY, 0, null, null, delay);
  }

  /**
   * Holds each matching request unanswered until this fault is removed ({@link
   * FakeEcrServer#removeFault} or {@link FakeEcrServer#clearFaults}), then answers it normally: an
   * AWS that stalls until the test lets it go. A client whose timeout passes first gives up.
   * Usually combined with {@link #always()} (a fault that has hit its last time is removed, which
   * releases what it holds).
   */
  public static Fault hold() {
    return of(Kind.HOLD);
  }

  /** Status 200 with a body that is not valid JSON. */
  public static Fault malformedJson() {
    return of(Kind.MALFORMED_JSON);
  }

  /** Status 200 announcing the full page's length, then half of it and the connection closed. */
  public static Fault truncatedBody() {
    return of(Kind.TRUNCATED_BODY);
  }

  /**
   * The page answers with the nextToken it was given (page 1 with a token for page 2), so a client
   * that follows tokens never ends. Usually combined with {@link #always()}.
   */
  public static Fault nextTokenLoop() {
    return of(Kind.NEXT_TOKEN_LOOP);
  }

  /**
   * The page's nextToken points at its own last rule, so that rule is also the first of the next
   * page. Needs a next page and maxResults of at least 2 to have an effect.
   */
  public static Fault duplicateAcrossPages() {
    return of(Kind.DUPLICATE_ACROSS_PAGES);
  }

  /** Only requests signed for {@code region}. */
  public Fault forRegion(String region) {
    return new Fault(this, Objects.requireNonNull(region, "region"), registryId, page, times);
  }

  /** Only requests for {@code registryId} (given in the request or the caller's account). */
  public Fault forRegistry(String registryId) {
    return new Fault(this, region, Objects.requireNonNull(registryId, "registryId"), page, times);
  }

  /** Only the given page; page 1 is a request without nextToken. */
  public Fault onPage(int page) {
    if (page < 1) {
      throw new IllegalArgumentException("pages count from 1, not " + page);
    }
    return new Fault(this, region, registryId, page, times);
  }

  /** Hits the next {@code n} matching requests. */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be at least 1, not " + n);
    }
    return new Fault(this, region, registryId, page, n);
  }

  /** Hits every matching request until removed. */
  public Fault always() {
    return new Fault(this, region, registryId, page, ALWAYS);
  }

  boolean matches(String requestRegion, String requestRegistryId, int requestPage) {
    return (region == null || region.equals(requestRegion))
        && (registryId == null || registryId.equals(requestRegistryId))
        && (page == ANY_PAGE || page == requestPage);
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String message() {
    return message;
  }

  Duration delay() {
    return delay;
  }

  int times() {
    return times;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(kind.name());
    if (kind == Kind.ERROR) {
      text.append(' ').append(status).append(' ').append(code);
    }
    if (kind == Kind.DELAY) {
      text.append(' ').append(delay);
    }
    if (region != null) {
      text.append(" region=").append(region);
    }
    if (registryId != null) {
      text.append(" registry=").append(registryId);
    }
    if (page != ANY_PAGE) {
      text.append(" page=").append(page);
    }
    return text.append(times == ALWAYS ? " always" : " times=" + times).toString();
  }
}
