package dev.billing.events.billing;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * How a due date follows from an issue date and the term's days, the one rule billing-service (for
 * what it bills) and invoice-service (for staff drafts) both apply: NET = issue date + days,
 * END_OF_MONTH = the last day of the issue month + days.
 */
public enum DueRule {
    NET, END_OF_MONTH;

    public LocalDate dueDate(LocalDate issueDate, int days) {
        LocalDate base = this == END_OF_MONTH ? issueDate.with(TemporalAdjusters.lastDayOfMonth()) : issueDate;
        return base.plusDays(days);
    }

    /** The rule an account event names; an event from before the field existed means NET; another name throws IllegalArgumentException. */
    public static DueRule named(String name) {
        return name == null ? NET : valueOf(name);
    }
}
