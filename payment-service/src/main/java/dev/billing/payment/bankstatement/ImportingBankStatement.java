package dev.billing.payment.bankstatement;

import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.support.events.Actor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps a statement that was read whole: every entry not imported before (by account and bank reference) is added
 * with the invoice {@link StatementMatching} proposes for it; entries imported before are left as they are.
 */
@Service
class ImportingBankStatement {
    private final BankStatements statements;
    private final InvoiceCopies invoices;
    private final Clock clock;

    ImportingBankStatement(BankStatements statements, InvoiceCopies invoices, Clock clock) {
        this.statements = statements;
        this.invoices = invoices;
        this.clock = clock;
    }

    /** The import's id and the stored line of every entry, in the file's order (those of earlier imports have their import's id). */
    record Imported(UUID id, List<BankStatements.Line> lines) {
    }

    @Transactional
    Imported add(BankStatement statement) {
        UUID importId = UUID.randomUUID();
        List<UUID> added = new ArrayList<>();
        List<BankStatements.Line> lines = new ArrayList<>();
        // the import row first, as its lines refer to it; how many of them are new is known only after them
        statements.addImport(importId, statement, clock.instant(), Actor.current().id());
        for (StatementLine line : statement.lines()) {
            Optional<BankStatements.Line> earlier = statements.line(line.account(), line.entryReference());
            if (earlier.isEmpty()) {
                UUID id = UUID.randomUUID();
                if (statements.addLine(id, importId, line, StatementMatching.propose(line, candidates(line)))) {
                    added.add(id);
                }
            }
            lines.add(earlier.orElseGet(() -> statements.line(line.account(), line.entryReference()).orElseThrow()));
        }
        statements.countNewLines(importId, added.size());
        return new Imported(importId, lines);
    }

    /** The invoices the line may name by number, and the open ones of its amount. */
    private List<InvoiceCopies.InvoiceCopy> candidates(StatementLine line) {
        if (!line.credit()) {
            return List.of();
        }
        Set<UUID> ids = new LinkedHashSet<>(statements.invoicesNamedIn(StatementMatching.compact(line.remittance())));
        ids.addAll(statements.openInvoicesOf(line.amount(), line.currency()));
        return ids.stream().map(invoices::find).flatMap(Optional::stream).toList();
    }
}
