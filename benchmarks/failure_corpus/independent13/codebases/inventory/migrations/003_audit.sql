CREATE TABLE audit_log (id serial PRIMARY KEY, actor text NOT NULL, action text NOT NULL,
                        at timestamptz NOT NULL DEFAULT now());
GRANT SELECT ON items TO inv_report;
GRANT SELECT, INSERT ON audit_log TO inv_audit;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO inv_audit;
