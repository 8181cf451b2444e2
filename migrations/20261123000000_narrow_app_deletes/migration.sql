-- The application deletes rows of one table only: organization_members (removeMember). Everything
-- else is kept for the record: integrations are disconnected, API keys revoked, workflows archived,
-- executions and versions are history. Rows that go with their organization are removed by the
-- foreign keys' ON DELETE CASCADE, which runs with the table owner's rights, not the app role's.
-- So the application role loses DELETE everywhere else: a bug or an injected statement in the API
-- layer cannot destroy data that the product never deletes.
REVOKE DELETE ON "organizations", "workflows", "workflow_versions", "workflow_executions", "integrations", "api_keys" FROM flowgate_app;
