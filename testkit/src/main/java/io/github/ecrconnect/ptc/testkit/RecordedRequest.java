package io.github.ecrconnect.ptc.testkit;

import java.time.Instant;
import java.util.List;

/**
 * One DescribePullThroughCacheRules call as the server received it.
 *
 * @param time arrival, on the server's clock
 * @param region from the signature's credential scope; null if unsigned
 * @param registryId requested, or else the caller's account
 * @param accessKeyId from the signature; null if unsigned
 * @param maxResults as requested; null if absent
 * @param nextTokenPresent whether the request carried a nextToken
 * @param page 1 without nextToken, n for the token of page n, 0 for a token this server never
 *     issued
 * @param ecrRepositoryPrefixes as requested; empty if absent
 * @param fault the injected fault that hit this call, or null
 */
public record RecordedRequest(
    Instant time,
    String region,
    String registryId,
    String accessKeyId,
    Integer maxResults,
    boolean nextTokenPresent,
    int page,
    List<String> ecrRepositoryPrefixes,
    Fault fault) {}
