package dev.countersign.quorum;

import dev.countersign.api.v1alpha1.actionrequest.Decision.RequiredApprovals;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the ballots on one request are counted against.
 *
 * @param required who may approve and how many must; null means nobody may
 * @param requester the request's requester, who never counts
 * @param requestUid the request's metadata.uid
 * @param specHash the {@link SpecHash} of the request's spec
 * @param duties who never counts besides the requester
 * @param approvalTtl how long an approval stays valid after it is given; empty: until the request
 *     expires
 * @param now the instant of counting
 */
public record Terms(
    RequiredApprovals required,
    String requester,
    String requestUid,
    String specHash,
    SeparationOfDuties duties,
    Optional<Duration> approvalTtl,
    Instant now) {

  public Terms {
    required = required == null ? new RequiredApprovals(0, null, null) : required;
    duties = duties == null ? SeparationOfDuties.NONE : duties;
    approvalTtl = approvalTtl == null ? Optional.empty() : approvalTtl;
  }

  /** When a ballot given at {@code createdAt} stops counting, if approvals expire at all. */
  Optional<Instant> expiryOf(Instant createdAt) {
    return approvalTtl.map(ttl -> (createdAt == null ? Instant.EPOCH : createdAt).plus(ttl));
  }
}
