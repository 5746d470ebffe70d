/**
 * The decision: whether an ActionRequest is Allowed, NeedsApproval or Denied under the cluster's
 * AgentPolicies.
 *
 * <p>Pure logic. Nothing here talks to the cluster or imports the Kubernetes client: the caller
 * gathers {@link dev.countersign.policy.RequestFacts} and {@link
 * dev.countersign.policy.PolicySnapshot}s and passes a fixed {@link java.time.Instant}. Each
 * concern is one small class: {@link dev.countersign.policy.RequestValidator} (is the request
 * well-formed for its target), {@link dev.countersign.policy.SubjectMatcher}, {@link
 * dev.countersign.policy.TargetMatcher} and {@link dev.countersign.policy.SelectorMatcher} (does a
 * policy govern it), {@link dev.countersign.policy.RuleCheck}s such as {@link
 * dev.countersign.policy.ScaleLimitsCheck} (is it within a rule's limits), {@link
 * dev.countersign.policy.ApprovalCombiner} (who must approve), {@link
 * dev.countersign.policy.PolicyCheck}s such as {@link dev.countersign.policy.BudgetCheck} and
 * {@link dev.countersign.policy.CooldownCheck} (computed from the caller's history of earlier
 * actions), {@link dev.countersign.policy.FreezeSchedule} with its own {@link
 * dev.countersign.policy.CronSchedule}, {@link dev.countersign.policy.PolicyIndex} (policies by
 * action, kind and namespace, validated once) and {@link dev.countersign.policy.PolicyEvaluator},
 * which combines them and fails closed. Every reason any of them gives is a {@link
 * dev.countersign.policy.Reason}: words for people and one {@link
 * dev.countersign.policy.ReasonCode} for metrics, Events, tests and the policy test tool.
 */
package dev.countersign.policy;
