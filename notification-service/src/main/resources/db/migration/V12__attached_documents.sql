-- the PDFs that invoice-service renders (InvoiceDocumentRendered), kept until the emails that attach them are sent
create table invoice_document (
    invoice_id  uuid        not null,
    kind        text        not null,
    filename    text        not null,
    content     bytea,
    received_at timestamptz not null,
    primary key (invoice_id, kind)
);
create index invoice_document_received on invoice_document (received_at);

-- an email that attaches an invoice's document waits for it (up to notification.documents.wait)
create table message_attachment (
    notification_id uuid primary key references notification (id),
    invoice_id      uuid not null,
    kind            text not null
);
create index message_attachment_document on message_attachment (invoice_id, kind);
