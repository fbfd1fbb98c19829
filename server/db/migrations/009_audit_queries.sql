-- 009: the audit trail moves from the JSON-lines file into audit_events (001) when the server has a
-- database (server/audit/pg-audit-trail.ts): N servers behind a load balancer write one trail.
-- GET /api/admin/audit reads newest first (ORDER BY seq DESC LIMIT n), filtered by user, event type,
-- study, patient and/or a time range. An index ending in seq serves each column filter as one backward
-- index range at any table size: 001 has user, study and patient (and time); the event type comes here.
-- Append-only stays 001's trigger (it binds the owner too, which REVOKE would not: the server connects
-- as the owner, and the schema grants nothing to other roles).
CREATE INDEX audit_events_by_event ON audit_events (event, seq);
