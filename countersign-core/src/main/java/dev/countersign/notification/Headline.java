package dev.countersign.notification;

import dev.countersign.notification.NotificationPayload.Data;
import java.util.ArrayList;
import java.util.List;

/** The words Slack and Teams show: one headline and label/value facts, from one payload. */
record Headline(String title, String summary, List<String[]> facts, String footer) {

  static Headline of(NotificationPayload payload) {
    Data d = payload.data();
    String request = d.request().namespace() + "/" + d.request().name();
    String title =
        switch (d.event()) {
          case "AwaitingApproval" -> "Approval needed: " + d.action() + " " + target(d);
          default -> d.action() + " " + target(d) + " " + d.event().toLowerCase();
        };
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Request", request});
    facts.add(new String[] {"Agent", value(d.agent())});
    facts.add(new String[] {"Change", value(d.change())});
    if (d.reasoning() != null && d.reasoning().confidence() != null) {
      facts.add(new String[] {"Confidence", String.valueOf(d.reasoning().confidence())});
    }
    if (d.policy() != null) {
      facts.add(
          new String[] {"Policy", d.policy() + (d.rule() == null ? "" : " (" + d.rule() + ")")});
    }
    if (d.approvals() != null) {
      facts.add(
          new String[] {
            "Approvals",
            d.approvals().have()
                + "/"
                + d.approvals().need()
                + " from users "
                + d.approvals().users()
                + " or groups "
                + d.approvals().groups()
          });
    }
    if (d.expiresAt() != null && "AwaitingApproval".equals(d.event())) {
      facts.add(new String[] {"Expires", d.expiresAt()});
    }
    if (d.phase() != null) {
      facts.add(new String[] {"Outcome", d.phase()});
    }
    String summary =
        d.message() != null
            ? d.message()
            : d.reasoning() == null ? "" : value(d.reasoning().summary());
    String footer =
        d.approveCommand() != null
            ? "Approve from a terminal, as yourself: " + d.approveCommand()
            : "Countersign request uid " + d.request().uid();
    return new Headline(cut(title, 150), summary, facts, footer);
  }

  private static String target(Data d) {
    return d.target() == null ? "?" : d.target().kind() + "/" + d.target().name();
  }

  private static String value(String text) {
    return text == null ? "-" : text;
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
