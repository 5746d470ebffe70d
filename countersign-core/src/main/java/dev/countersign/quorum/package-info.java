/**
 * Counting approvals: which Approvals count toward a request's quorum, which are ignored and why,
 * and whether the quorum is met or the request was rejected (DESIGN.md, decision rule 5).
 *
 * <p>Pure logic with no Kubernetes client: the caller turns Approval objects into {@link
 * dev.countersign.quorum.Ballot}s and passes the request's uid and {@link
 * dev.countersign.quorum.SpecHash}. Each reason a ballot can be ignored is one {@link
 * dev.countersign.quorum.BallotCheck}.
 */
package dev.countersign.quorum;
