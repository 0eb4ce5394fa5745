import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, InvitesTable, LoginThrottleTable, MembersTable, SessionsTable, VerificationCodesTable, WorkspacesTable } from './tables/accounts';
import type { CacheChangesTable, CacheSeqTable } from './tables/change-feed';
import type { HubspotDirectoryTable, HubspotLinksTable, HubspotObjectLevelsTable, HubspotTeamParentsTable } from './tables/identity';
import type { InstallTicketsTable, InstallsTable, OAuthStatesTable } from './tables/install';
import type { EditablePropertiesTable, PipelineAccessTable, PortalDeliveryTable, RateBudgetLeasesTable, WriteOutboxTable } from './tables/writes';

export type * from './tables/accounts';
export type * from './tables/change-feed';
export type * from './tables/identity';
export type * from './tables/install';
export type * from './tables/writes';

/**
 * Kysely's view of every table the migrations create: the one database type of the backend
 * (test/backend/db/schema-matches.test.ts compares it with the migrated SQLite and PostgreSQL
 * schemas). Conventions every table follows:
 * - ids are text (random UUIDs), so rows can be made anywhere without a sequence;
 * - times are integer epoch milliseconds (`bigint` in PostgreSQL, parsed back to number by the
 *   pool's type parser; epoch-ms fits well inside 2^53);
 * - no boolean columns: SQLite has none and better-sqlite3 cannot bind JS booleans, so flags are
 *   0/1 integers or, better, nullable timestamps ("verified at", "revoked at");
 * - a column with a default is `Generated<T>` (an insert may leave it out).
 */
export interface Database {
  workspaces: WorkspacesTable;
  members: MembersTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  verification_codes: VerificationCodesTable;
  write_outbox: WriteOutboxTable;
  portal_delivery: PortalDeliveryTable;
  rate_budget_leases: RateBudgetLeasesTable;
  editable_properties: EditablePropertiesTable;
  hubspot_links: HubspotLinksTable;
  hubspot_directory: HubspotDirectoryTable;
  hubspot_team_parents: HubspotTeamParentsTable;
  installs: InstallsTable;
  install_tickets: InstallTicketsTable;
  oauth_states: OAuthStatesTable;
  cache_seq: CacheSeqTable;
  cache_changes: CacheChangesTable;
  hubspot_object_levels: HubspotObjectLevelsTable;
  pipeline_access: PipelineAccessTable;
}

/**
 * What data access takes: the database or a transaction on it. A Kysely `Transaction<Database>`
 * is a `Kysely<Database>`, so one type serves both; code that opens a transaction must be handed
 * the database itself (Kysely refuses a nested one at run time).
 */
export type Db = Kysely<Database>;

export type WorkspaceRow = Selectable<WorkspacesTable>;
export type MemberRow = Selectable<MembersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type InviteRow = Selectable<InvitesTable>;
export type OutboxRow = Selectable<WriteOutboxTable>;
export type LinkRow = Selectable<HubspotLinksTable>;
export type InstallRow = Selectable<InstallsTable>;
export type TicketRow = Selectable<InstallTicketsTable>;
export type StateRow = Selectable<OAuthStatesTable>;
