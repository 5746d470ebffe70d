package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import java.util.List;

/**
 * The show view as {@code -o json|yaml} prints it: the request as read, its spec hash, what will
 * change, and whether the caller may approve.
 */
public record ShowDocument(
    ActionRequest request,
    String specHash,
    List<String> whatWillChange,
    String viewer,
    boolean mayApprove,
    String whyNot) {}
