// The database schema: the organisation tree, the people in it, accounts and request categories.
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const ORG_KINDS = ['county', 'township', 'community', 'grid', 'building'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/**
 * One table for every level of the tree (县 → 乡镇/街道 → 社区 → 网格 → 楼栋).
 * `path` is the materialised chain of ids ("/1/2/3/"), so "everything under node N" is a
 * prefix match on an index instead of a recursive query; scope checks rely on it.
 */
export const orgNodes = sqliteTable(
  'org_nodes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => orgNodes.id),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    name: text('name').notNull(),
    /** 社区党总支 / 小区党支部 / 楼栋党小组, where the node has a party organisation. */
    partyOrgName: text('party_org_name'),
    /** Grids only: a rural grid holds households directly, without buildings. */
    rural: integer('rural', { mode: 'boolean' }).notNull().default(false),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Grids only: the service phone the community publishes for residents (the grid worker's work phone). */
    servicePhone: text('service_phone'),
    /** Buildings: the party member who leads the building's 党小组 (楼栋长/党小组长). */
    leaderPartyMemberId: integer('leader_party_member_id').references((): AnySQLiteColumn => partyMembers.id),
    /**
     * When the node was retired. A node with history is never deleted: a retired node keeps its
     * households and cases for the record, takes no new requests, and its QR codes answer with a message.
     */
    retiredAt: integer('retired_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('org_nodes_path_idx').on(t.path),
    index('org_nodes_parent_idx').on(t.parentId, t.sortOrder),
    // (kind, path): the grids or buildings of one scope are a range of it, not every one of the county's by kind.
    index('org_nodes_kind_idx').on(t.kind, t.path),
  ],
);

export const CARE_TAGS = ['elderly_80', 'living_alone', 'hardship', 'disabled', 'left_behind_child', 'migrant_child'] as const;
export type CareTag = (typeof CARE_TAGS)[number];

export const HOUSEHOLD_STATUSES = ['occupied', 'vacant', 'moved_away'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const households = sqliteTable(
  'households',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The building it is in, or the grid itself for a rural grid without buildings. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    /** Copy of the containing node's path, so scope filters need no join. */
    nodePath: text('node_path').notNull(),
    unit: text('unit'),
    room: text('room'),
    address: text('address').notNull(),
    size: integer('size').notNull(),
    /** 在住 / 空置 / 已迁出: a household is never deleted, it is marked, and keeps its history. */
    status: text('status', { enum: HOUSEHOLD_STATUSES }).notNull().default('occupied'),
    /** ISO date the status took effect. */
    statusSince: text('status_since'),
  },
  (t) => [
    index('households_node_idx').on(t.nodeId, t.unit, t.room),
    index('households_path_idx').on(t.nodePath),
    check('households_size_check', sql`${t.size} >= 0`),
  ],
);

export const householdCareTags = sqliteTable(
  'household_care_tags',
  {
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    tag: text('tag', { enum: CARE_TAGS }).notNull(),
    /** ISO date since when the household needs this care. */
    since: text('since'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.tag] }), index('household_care_tags_tag_idx').on(t.tag)],
);

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other'] as const;

export const PERSON_STATUSES = ['present', 'moved_out', 'deceased'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const persons = sqliteTable(
  'persons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for a party member who registered with the community but lives elsewhere. */
    householdId: integer('household_id').references(() => households.id),
    name: text('name').notNull(),
    phone: text('phone'),
    gender: text('gender', { enum: ['M', 'F'] }).notNull(),
    /** ISO date (YYYY-MM-DD); ages and the 80岁以上 register are computed from it, so they stay right as time passes. */
    birthDate: text('birth_date'),
    /** 身份证号, checksum-validated; shown masked to everyone but the administrator and never exported unless asked for and allowed. */
    idNumber: text('id_number'),
    relation: text('relation', { enum: RELATIONS }).notNull().default('other'),
    /** 在册 / 已迁出 / 已故: people are never deleted, their record is marked. */
    status: text('status', { enum: PERSON_STATUSES }).notNull().default('present'),
    movedInOn: text('moved_in_on'),
    /** ISO date the current status took effect (moved out on, died on). */
    statusSince: text('status_since'),
  },
  (t) => [
    index('persons_household_idx').on(t.householdId),
    index('persons_phone_idx').on(t.phone),
    index('persons_name_idx').on(t.name),
    uniqueIndex('persons_id_number_idx').on(t.idNumber),
    index('persons_birth_date_idx').on(t.birthDate),
  ],
);

export const UNIT_KINDS = ['co_building', 'department'] as const;

/** 共驻共建单位 and 职能部门: organisations that receive handed-on or escalated requests. */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    name: text('name').notNull(),
    partyOrgName: text('party_org_name'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** The node it serves: a community for a co-building unit, the county for a department. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    /** A unit that stopped co-building is deactivated, not deleted: its past cases keep it. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('units_name_idx').on(t.name), index('units_path_idx').on(t.nodePath)],
);

export const PARTY_MEMBER_KINDS = ['in_service', 'floating'] as const;

/** 在职党员 who registered with the community (包楼联户), and 流动党员. */
export const partyMembers = sqliteTable(
  'party_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    kind: text('kind', { enum: PARTY_MEMBER_KINDS }).notNull(),
    workplace: text('workplace'),
    /** Set when the workplace is one of the co-building units. */
    unitId: integer('unit_id').references(() => units.id),
    /** The building (or rural grid) the member serves. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    registeredOn: text('registered_on').notNull(),
    /** 在册 / 已转出: a member who transferred their membership out is kept, marked. */
    status: text('status', { enum: ['active', 'transferred_out'] }).notNull().default('active'),
    /** ISO date the member transferred out. */
    leftOn: text('left_on'),
  },
  (t) => [uniqueIndex('party_members_person_idx').on(t.personId), index('party_members_path_idx').on(t.nodePath)],
);

/** 党员中心户: a household with a party member that looks after about ten neighbours. */
export const centralHouseholds = sqliteTable(
  'central_households',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    partyMemberId: integer('party_member_id')
      .notNull()
      .references(() => partyMembers.id),
  },
  (t) => [uniqueIndex('central_households_household_idx').on(t.householdId), index('central_households_member_idx').on(t.partyMemberId)],
);

/** Which households each central household looks after; a household has at most one. */
export const centralHouseholdLinks = sqliteTable(
  'central_household_links',
  {
    householdId: integer('household_id')
      .primaryKey()
      .references(() => households.id),
    centralHouseholdId: integer('central_household_id')
      .notNull()
      .references(() => centralHouseholds.id, { onDelete: 'cascade' }),
  },
  (t) => [index('central_household_links_central_idx').on(t.centralHouseholdId)],
);

export const ROLES = ['admin', 'secretary', 'grid_worker', 'party_member', 'unit_liaison'] as const;
export type Role = (typeof ROLES)[number];

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    phone: text('phone'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** unit_liaison: the unit they answer for. */
    unitId: integer('unit_id').references(() => units.id),
    /** party_member: their party-member record. */
    partyMemberId: integer('party_member_id').references(() => partyMembers.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Set when an administrator creates the account or resets its password: the one-time password must be changed at the next sign-in. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('accounts_username_idx').on(t.username), uniqueIndex('accounts_phone_idx').on(t.phone)],
);

/** The org nodes an account acts for; a grid worker may look after several grids. */
export const accountScopes = sqliteTable(
  'account_scopes',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.nodeId] }), index('account_scopes_node_idx').on(t.nodeId)],
);

/** Every sign-in attempt, for rate limiting per account and per IP. */
export const signInAttempts = sqliteTable(
  'sign_in_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('sign_in_attempts_key_idx').on(t.key, t.at)],
);

/**
 * One row per signed-in browser: the session cookie (a JWT) carries the id, and every request
 * checks the row still exists, so signing out, disabling the account or changing the password
 * ends the session on the server, not only in the browser that asked.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    /** 32 random bytes, base64url. */
    id: text('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Updated at most every few minutes, for the idle limit and the admin's list. */
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

export const PLEDGE_GROUPS = ['民生服务类', '经济发展类', '社会管理类', '改革创新类', '基层党建类'] as const;

export const categories = sqliteTable(
  'categories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    group: text('group', { enum: PLEDGE_GROUPS }).notNull(),
    description: text('description'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('categories_code_idx').on(t.code)],
);

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** 限时办理: how long a category may wait to be accepted and to be resolved, per urgency. */
export const timeLimits = sqliteTable(
  'time_limits',
  {
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    acceptHours: integer('accept_hours').notNull(),
    resolveHours: integer('resolve_hours').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.categoryId, t.urgency] }),
    check('time_limits_positive', sql`${t.acceptHours} > 0 AND ${t.resolveHours} >= ${t.acceptHours}`),
  ],
);

export const AUDIT_ACTIONS = [
  'view_household',
  'view_case',
  'export',
  'export_resident',
  'update_time_limit',
  'create_token',
  'revoke_token',
  'create_intake_points',
  'update_retention',
  'purge_personal_data',
  // The registry: every change records before → after in `detail` (JSON).
  'create_node',
  'update_node',
  'move_node',
  'retire_node',
  'create_household',
  'update_household',
  'create_person',
  'update_person',
  'update_care_tags',
  'create_party_member',
  'update_party_member',
  'update_central_household',
  'create_unit',
  'update_unit',
  'create_account',
  'update_account',
  'reset_password',
  'disable_account',
  'enable_account',
  'change_own_password',
  'import_ledger',
  'export_ledger',
  'record_visit',
  'update_visit_intervals',
  'setup',
  'create_reply_template',
  'update_reply_template',
  // 党员每月一件事 (lib/pledges): the secretary's side of the cycle.
  'create_pledge_item',
  'update_pledge_item',
  'record_pledge',
  'review_pledge',
  'remind_pledges',
  'evaluate_pledge',
  // 大党委 (lib/cobuild): resources, needs, projects, joint meetings.
  'create_resource',
  'update_resource',
  'create_need',
  'update_need',
  'gather_need_cases',
  'create_project',
  'project_step',
  'record_joint_meeting',
  // Volunteer points and the 文明超市 (lib/points).
  'create_activity',
  'cancel_activity',
  'confirm_attendance',
  'award_points',
  'update_point_rules',
  'create_goods',
  'update_goods',
  'redeem_goods',
  'issue_household_card',
  // The public board (issue 14): every staff decision about what residents see in public.
  'publish_case',
  'update_publication',
  'withdraw_publication',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who looked at or exported personal data, and every administrative change, and when (PIPL).
 * Append-only, enforced by triggers in the database: rows are inserted, never updated or deleted.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    subject: text('subject').notNull(),
    detail: text('detail'),
  },
  (t) => [index('audit_log_account_idx').on(t.accountId, t.at), index('audit_log_at_idx').on(t.at)],
);

/** Settings the administrator changes at run time (the retention period …), one row per key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  updatedByAccountId: integer('updated_by_account_id').references(() => accounts.id),
});

// ---------------------------------------------------------------------------------------------
// Requests (事项): the closed loop 居民提事项—网格理事—联动办事.

export const CASE_STATUSES = ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_SOURCES = ['wish_box', 'door_knock', 'patrol', 'council', 'hotline_12345', 'case_reflow', 'online', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Who holds a case now: a grid worker, the claim board, a party member who claimed it, or a unit. */
export const HANDLER_KINDS = ['grid_worker', 'board', 'party_member', 'unit'] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

export const RATINGS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * Where residents scan a QR code to submit: a grid, a building, or a 微光心愿箱. The public
 * code is random, so the URL reveals nothing and cannot be guessed from ids.
 */
export const intakePoints = sqliteTable(
  'intake_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    kind: text('kind', { enum: ['grid', 'building', 'wish_box'] }).notNull(),
    name: text('name').notNull(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('intake_points_code_idx').on(t.code), index('intake_points_node_idx').on(t.nodeId)],
);

/** Bearer tokens for other systems (12345 hotline platform …), each scoped to an org node. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** sha256 of the token; the token itself is shown once, when created. */
    tokenHash: text('token_hash').notNull(),
    tokenPrefix: text('token_prefix').notNull(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash)],
);

/**
 * The deadline that runs now (acceptance while submitted, resolution while open) as one sortable
 * number; finished cases sort last. The "due" order of the case lists and its index share this text,
 * because SQLite uses an index on an expression only for the very same expression.
 */
export const CASE_DUE_KEY =
  "coalesce(case when status = 'submitted' then accept_due_at when status in ('accepted', 'assigned', 'in_progress') then resolve_due_at end, 9007199254740991)";

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The tracking number residents see, e.g. YH20261124-0007. */
    number: text('number').notNull(),
    /** sha256 of the resident's private status-link token. */
    publicTokenHash: text('public_token_hash').notNull(),
    description: text('description').notNull(),
    categoryId: integer('category_id').references(() => categories.id),
    urgency: text('urgency', { enum: URGENCIES }).notNull().default('normal'),
    source: text('source', { enum: CASE_SOURCES }).notNull(),
    /** Where: a building, or a grid (rural grid, or only the compound is known). */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    gridId: integer('grid_id')
      .notNull()
      .references(() => orgNodes.id),
    householdId: integer('household_id').references(() => households.id),
    place: text('place'),
    residentName: text('resident_name'),
    residentPhone: text('resident_phone'),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    handlerKind: text('handler_kind', { enum: HANDLER_KINDS }),
    handlerAccountId: integer('handler_account_id').references(() => accounts.id),
    handlerUnitId: integer('handler_unit_id').references(() => units.id),
    /** 吹哨 level: 0 grid, 1 community, 2 department. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    acceptDueAt: integer('accept_due_at', { mode: 'timestamp_ms' }).notNull(),
    resolveDueAt: integer('resolve_due_at', { mode: 'timestamp_ms' }),
    /** Resolved cases close as "not rated" when no rating arrives by then. */
    rateDueAt: integer('rate_due_at', { mode: 'timestamp_ms' }),
    supervised: integer('supervised', { mode: 'boolean' }).notNull().default(false),
    supervisionNote: text('supervision_note'),
    supervisedByAccountId: integer('supervised_by_account_id').references(() => accounts.id),
    extensionRequestedHours: integer('extension_requested_hours'),
    extensionReason: text('extension_reason'),
    duplicateOfId: integer('duplicate_of_id').references((): AnySQLiteColumn => cases.id),
    rating: text('rating', { enum: RATINGS }),
    ratingComment: text('rating_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    closeReason: text('close_reason', { enum: ['rated', 'not_rated'] }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    ratedAt: integer('rated_at', { mode: 'timestamp_ms' }),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    apiTokenId: integer('api_token_id').references(() => apiTokens.id),
    intakePointId: integer('intake_point_id').references(() => intakePoints.id),
    /** Optimistic concurrency: every change bumps it; a change against a stale version is refused. */
    version: integer('version').notNull().default(0),
    /**
     * Idempotency key chosen by the submitting client (one per draft), so a retry after a lost
     * response returns the case already logged instead of logging it twice.
     */
    clientKey: text('client_key'),
    /** When the retention period ran out and the resident's personal data was removed (PIPL). */
    personalDataPurgedAt: integer('personal_data_purged_at', { mode: 'timestamp_ms' }),
    /** 附议: how many residents said "me too" (case_supports rows), kept in the write that adds one, for the lists' order. */
    supportCount: integer('support_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('cases_number_idx').on(t.number),
    uniqueIndex('cases_token_idx').on(t.publicTokenHash),
    index('cases_path_created_idx').on(t.nodePath, t.createdAt),
    // Only the rows that have a value (issue 11 §3): every one of these columns is null on a new request (and a handler's
    // on most open ones), and a partial index is neither written nor rewritten for such a row. Every query of them asks
    // for a value (column = ?), which implies IS NOT NULL, so each still seeks its index (lib/desk/queue-plans.test.ts).
    index('cases_handler_account_idx').on(t.handlerAccountId, t.status).where(sql.raw('handler_account_id IS NOT NULL')),
    index('cases_handler_unit_idx').on(t.handlerUnitId, t.status).where(sql.raw('handler_unit_id IS NOT NULL')),
    uniqueIndex('cases_client_key_idx').on(t.clientKey).where(sql.raw('client_key IS NOT NULL')),
    // The case lists (lib/cases/case-list.ts) page in (order key, id) and check the scope on node_path: each
    // filter has an index that starts with the filter's column, then the order key, then the path, so a page
    // is an index range that stops after one page of rows (lib/desk/queue-plans.test.ts checks each plan).
    index('cases_created_idx').on(t.createdAt, t.nodePath),
    index('cases_updated_idx').on(t.updatedAt, t.nodePath),
    index('cases_due_idx').on(sql.raw(CASE_DUE_KEY), t.nodePath),
    index('cases_status_idx').on(t.status, t.createdAt, t.nodePath),
    index('cases_grid_created_idx').on(t.gridId, t.createdAt, t.nodePath),
    index('cases_node_created_idx').on(t.nodeId, t.createdAt),
    index('cases_category_created_idx').on(t.categoryId, t.createdAt, t.nodePath).where(sql.raw('category_id IS NOT NULL')),
    index('cases_source_created_idx').on(t.source, t.createdAt, t.nodePath),
    index('cases_urgency_created_idx').on(t.urgency, t.createdAt, t.nodePath),
    index('cases_rating_created_idx').on(t.rating, t.createdAt, t.nodePath),
    index('cases_supervised_created_idx').on(t.supervised, t.createdAt, t.nodePath),
    index('cases_supervisor_idx').on(t.supervisedByAccountId, t.status).where(sql.raw('supervised_by_account_id IS NOT NULL')),
    index('cases_handler_created_idx').on(t.handlerAccountId, t.createdAt, t.nodePath).where(sql.raw('handler_account_id IS NOT NULL')),
    index('cases_unit_created_idx').on(t.handlerUnitId, t.createdAt, t.nodePath).where(sql.raw('handler_unit_id IS NOT NULL')),
    // A grid's open work without its history: the worker home's tabs (lib/cases/worker-home.ts).
    index('cases_status_path_idx').on(t.status, t.nodePath),
    // The retention job (lib/pipl/retention.ts): finished cases still holding personal data, by when they ended,
    // so a run over a county's million requests reads only the expired ones instead of every case. Finished cases
    // only: an action on an open case (its updated_at changes) leaves the index alone. The query repeats the WHERE.
    index('cases_retention_idx')
      .on(t.personalDataPurgedAt, sql.raw('coalesce(closed_at, updated_at)'))
      .where(sql.raw(`status IN ('closed', 'rejected', 'duplicate')`)),
    // The desk queue's "most supported" order (lib/cases/case-list.ts LIST_ORDERS.supported).
    index('cases_support_idx').on(t.supportCount, t.nodePath),
    // The claim-points job (lib/points/claims.ts): party members' cases by when they were resolved, so a sweep of the
    // last days reads those days' claims instead of every finished case of a county (3.9 s every five minutes).
    index('cases_claim_resolved_idx').on(t.resolvedAt).where(sql`handler_kind = 'party_member'`),
  ],
);

/** The timeline: one row per action, inserted and never changed. */
/**
 * The last tracking-number sequence handed out per China day ("20261124" → 7 for YH20261124-0007),
 * advanced in the same immediate transaction as the insert, so logging a request never reads the
 * day's numbers. The first request of a day starts from the highest number already stored.
 */
export const caseNumberDays = sqliteTable('case_number_days', {
  day: text('day').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    action: text('action').notNull(),
    actorKind: text('actor_kind', { enum: ['account', 'resident', 'integration', 'system'] }).notNull(),
    actorAccountId: integer('actor_account_id').references(() => accounts.id),
    /** The actor's name and role as they were then, e.g. "网格员 张丽娟". */
    actorLabel: text('actor_label').notNull(),
    fromStatus: text('from_status', { enum: CASE_STATUSES }),
    toStatus: text('to_status', { enum: CASE_STATUSES }).notNull(),
    note: text('note'),
    /** Whom the case was handed to by this action, for "cases ever handed to my unit". */
    targetAccountId: integer('target_account_id').references(() => accounts.id),
    targetUnitId: integer('target_unit_id').references(() => units.id),
    /** Action details (rating, new deadline, extension hours …) as JSON. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId, t.id),
    index('case_events_actor_idx').on(t.actorAccountId, t.action, t.at),
    index('case_events_unit_idx').on(t.targetUnitId),
  ],
);

export const casePhotos = sqliteTable(
  'case_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    eventId: integer('event_id').references(() => caseEvents.id),
    /** File name under the uploads folder; photos are re-encoded, never stored as uploaded. */
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    /** A handler's progress or resolution photo the resident may see on the status page. */
    public: integer('public', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('case_photos_case_idx').on(t.caseId)],
);

export const NOTIFICATION_KINDS = ['assigned', 'supervised', 'returned', 'reopened', 'escalated', 'extension_requested', 'extension_decided', 'new_case', 'pledge_reminder'] as const;

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    /** The case it is about; null for a notification about no case (a secretary's pledge reminder, kind pledge_reminder). */
    caseId: integer('case_id').references(() => cases.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    note: text('note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_account_idx').on(t.accountId, t.readAt, t.createdAt)],
);

/** Hits against public endpoints (submission), for per-IP rate limits. */
/**
 * Background jobs across servers (issue 12): one row per job. A server runs a job only after moving its
 * `next_due_at` forward in one conditional UPDATE, so of all servers exactly one runs it per interval.
 */
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  nextDueAt: integer('next_due_at', { mode: 'timestamp_ms' }).notNull(),
  /** Which server process last claimed it (host:pid), and when: for the operator. */
  holder: text('holder'),
  claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }),
});

/**
 * Uploaded ledgers between the import's preview and its confirmation (issue 12): the bytes are in the shared blob
 * store (lib/storage/blob-store.ts) under `blob_name`, so any app server can confirm what another previewed; this row
 * binds the upload to the account that made it and says when it expires. `consumed_at` is set in the confirmation's
 * write, so one upload is imported at most once across servers. The cleanup job (lib/jobs/scheduler.ts) removes
 * expired rows and their blobs; there is no foreign key to accounts so that a row is only ever removed with its blob.
 */
export const stagedImports = sqliteTable(
  'staged_imports',
  {
    /** 24 random bytes, base64url: the token the page sends back with its confirmation. */
    token: text('token').primaryKey(),
    accountId: integer('account_id').notNull(),
    blobName: text('blob_name').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    consumedAt: integer('consumed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('staged_imports_expires_idx').on(t.expiresAt)],
);

export const rateLimitHits = sqliteTable(
  'rate_limit_hits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('rate_limit_hits_key_idx').on(t.key, t.at)],
);

/** 入户走访 (民情账本): a grid worker's visit to a household. */
export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    /** Copy of the household's node path at the time, so scope filters and coverage need no join. */
    nodePath: text('node_path').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    visitedAt: integer('visited_at', { mode: 'timestamp_ms' }).notNull(),
    /** Whom they met (见到的人). */
    met: text('met'),
    notes: text('notes'),
    /** 发现的情况: observations worth following up. */
    observations: text('observations'),
    /** Re-encoded photo under the uploads folder, like case photos. */
    photoFileName: text('photo_file_name'),
    /** The request logged from this visit (source 敲门走访), if any. */
    caseId: integer('case_id').references(() => cases.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('visits_household_idx').on(t.householdId, t.visitedAt),
    index('visits_path_idx').on(t.nodePath, t.visitedAt),
    index('visits_account_idx').on(t.accountId, t.visitedAt),
  ],
);

/** Where a reply template is offered: the note of 办理进展, of 办结 (the result the resident reads), or the reason of 退回. */
export const TEMPLATE_PURPOSES = ['progress', 'resolve', 'return'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/**
 * 办理回复模板: a phrase a handler picks and edits before sending. Kept by the administrator (for the whole county, or
 * any node) and by a secretary for the nodes of their scope; offered on every case under its node, for one category
 * or all of them (category null). Never deleted: a template no longer wanted is switched off.
 */
export const replyTemplates = sqliteTable(
  'reply_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    /** Copy of the node's path: the template serves the cases whose path starts with it. */
    nodePath: text('node_path').notNull(),
    purpose: text('purpose', { enum: TEMPLATE_PURPOSES }).notNull(),
    categoryId: integer('category_id').references(() => categories.id),
    text: text('text').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('reply_templates_path_idx').on(t.nodePath, t.purpose)],
);

/**
 * 民意事项清单: a service item the secretary puts up for party members to pledge (党员每月一件事), beside the residents'
 * requests on the claim board. Kept for a community or one branch (a grid, 小区党支部); never deleted, switched off.
 */
export const pledgeItems = sqliteTable(
  'pledge_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    /** Copy of the node's path: the members under it may pledge the item. */
    nodePath: text('node_path').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    group: text('group', { enum: PLEDGE_GROUPS }).notNull(),
    place: text('place'),
    /** ISO date (YYYY-MM-DD) by which it should be done, China time; null when open-ended. */
    dueOn: text('due_on'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('pledge_items_path_idx').on(t.nodePath, t.active)],
);

export const PLEDGE_KINDS = ['case', 'item', 'own'] as const;
export type PledgeKind = (typeof PLEDGE_KINDS)[number];
/** An own commitment waits for the secretary's approval; a claimed request or item is approved as it is made. */
export const PLEDGE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];
export const PLEDGE_EVALUATIONS = ['done', 'partial', 'not_done'] as const;
export type PledgeEvaluation = (typeof PLEDGE_EVALUATIONS)[number];

/**
 * 党员每月一件事: one thing a party member promised for one China-time month (月初晒诺), its progress, and the
 * secretary's evaluation at the month's end (月末评诺). `node_id` is the member's place when they pledged: the
 * branch that evaluates it stays the one they pledged in, even if they move later.
 */
export const pledges = sqliteTable(
  'pledges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partyMemberId: integer('party_member_id')
      .notNull()
      .references(() => partyMembers.id),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    /** "2026-11": the China-time month it is for. */
    month: text('month').notNull(),
    kind: text('kind', { enum: PLEDGE_KINDS }).notNull(),
    caseId: integer('case_id').references(() => cases.id),
    itemId: integer('item_id').references(() => pledgeItems.id),
    /** What the pledge board shows: never a resident's name, phone or address. */
    title: text('title').notNull(),
    description: text('description'),
    group: text('group', { enum: PLEDGE_GROUPS }).notNull(),
    status: text('status', { enum: PLEDGE_STATUSES }).notNull(),
    reviewNote: text('review_note'),
    reviewedByAccountId: integer('reviewed_by_account_id').references(() => accounts.id),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    /** The member's latest progress report (items and own commitments; a request's progress is its timeline). */
    progressNote: text('progress_note'),
    progressAt: integer('progress_at', { mode: 'timestamp_ms' }),
    /** The secretary who recorded it for a member who rarely signs in; null when the member pledged themselves. */
    recordedByAccountId: integer('recorded_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    evaluation: text('evaluation', { enum: PLEDGE_EVALUATIONS }),
    evaluationComment: text('evaluation_comment'),
    evaluatedByAccountId: integer('evaluated_by_account_id').references(() => accounts.id),
    evaluatedAt: integer('evaluated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('pledges_path_month_idx').on(t.nodePath, t.month),
    index('pledges_member_month_idx').on(t.partyMemberId, t.month),
    index('pledges_month_path_idx').on(t.month, t.nodePath),
    uniqueIndex('pledges_case_idx').on(t.caseId, t.partyMemberId, t.month),
    uniqueIndex('pledges_item_idx').on(t.itemId, t.partyMemberId, t.month),
  ],
);
// ---------------------------------------------------------------------------------------------
// 大党委 (issue 13 part 2): what the co-building units offer, what the community needs, and the projects that meet
// the needs, with their progress and the joint meetings (联席议事) that decide them. Needs, projects and meetings hang
// on a community by its id (their scope is the community's path, joined: no path copies to keep in step).

/** 资源清单: 服务 / 人员 / 场地 / 资金. */
export const RESOURCE_KINDS = ['service', 'people', 'venue', 'funds'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What a unit offers its communities. Switched off (active false) rather than deleted. */
export const unitResources = sqliteTable(
  'unit_resources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: RESOURCE_KINDS }).notNull(),
    description: text('description').notNull(),
    /** When or how much: "每周六上午", "会议室 1 间，工作日晚间", "年度 2 万元". */
    availability: text('availability').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('unit_resources_unit_idx').on(t.unitId, t.id)],
);

/** 联席议事: a joint meeting of the community and its units; its decisions create or update needs and projects. */
export const jointMeetings = sqliteTable(
  'joint_meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id),
    /** The China date it was held, YYYY-MM-DD. */
    heldOn: text('held_on').notNull(),
    topics: text('topics').notNull(),
    decisions: text('decisions').notNull(),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('joint_meetings_community_idx').on(t.communityId, t.heldOn)],
);

/** The units present at a meeting. */
export const meetingUnits = sqliteTable(
  'meeting_units',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => jointMeetings.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.unitId] })],
);

/** Where a need came from: the secretary's own entry, residents' requests gathered into it, or a joint meeting. */
export const NEED_SOURCES = ['secretary', 'requests', 'meeting'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** 需求清单: one of a community's needs. Withdrawn (active false) rather than deleted. */
export const communityNeeds = sqliteTable(
  'community_needs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id),
    title: text('title').notNull(),
    description: text('description'),
    source: text('source', { enum: NEED_SOURCES }).notNull(),
    /** The joint meeting that raised it. */
    meetingId: integer('meeting_id').references(() => jointMeetings.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('community_needs_community_idx').on(t.communityId, t.id)],
);

/** Residents' requests gathered into a need; a request belongs to one need at most. */
export const needCases = sqliteTable(
  'need_cases',
  {
    needId: integer('need_id')
      .notNull()
      .references(() => communityNeeds.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    addedByAccountId: integer('added_by_account_id').references(() => accounts.id),
    addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.needId, t.caseId] }), uniqueIndex('need_cases_case_idx').on(t.caseId)],
);

/** 未启动 / 推进中 / 已完成 / 已搁置. Only the secretary's confirmation makes a project 已完成. */
export const PROJECT_STATUSES = ['not_started', 'in_progress', 'done', 'shelved'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** 项目清单: a project that meets a need, owned by one unit (others may join it). */
export const coProjects = sqliteTable(
  'co_projects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    needId: integer('need_id')
      .notNull()
      .references(() => communityNeeds.id),
    /** The need's community, kept on the project for the scope filter of the lists. */
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id),
    title: text('title').notNull(),
    description: text('description'),
    ownerUnitId: integer('owner_unit_id')
      .notNull()
      .references(() => units.id),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** The China date it should be done by, YYYY-MM-DD. */
    targetDate: text('target_date'),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('not_started'),
    /** The owner unit said it is done; the secretary's confirmation is still to come. */
    doneReportedAt: integer('done_reported_at', { mode: 'timestamp_ms' }),
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    confirmedByAccountId: integer('confirmed_by_account_id').references(() => accounts.id),
    /** The joint meeting that decided it. */
    meetingId: integer('meeting_id').references(() => jointMeetings.id),
    /** Every change bumps it; a step against a stale version is refused. */
    version: integer('version').notNull().default(0),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('co_projects_community_idx').on(t.communityId, t.status),
    index('co_projects_need_idx').on(t.needId),
    index('co_projects_owner_idx').on(t.ownerUnitId, t.status),
  ],
);

/** The other units that take part in a project (the owner unit is on the project itself). */
export const projectUnits = sqliteTable(
  'project_units',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => coProjects.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.unitId] }), index('project_units_unit_idx').on(t.unitId)],
);

export const PROJECT_STEPS = ['create', 'progress', 'report_done', 'confirm', 'start', 'shelve', 'resume', 'reopen'] as const;
export type ProjectStep = (typeof PROJECT_STEPS)[number];

/** A project's timeline: one row per step, inserted and never changed. */
export const projectUpdates = sqliteTable(
  'project_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id')
      .notNull()
      .references(() => coProjects.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    step: text('step', { enum: PROJECT_STEPS }).notNull(),
    accountId: integer('account_id').references(() => accounts.id),
    /** Who, as they were then: "县供电公司 刘海涛", "社区书记 李娟". */
    actorLabel: text('actor_label').notNull(),
    note: text('note'),
    fromStatus: text('from_status', { enum: PROJECT_STATUSES }),
    toStatus: text('to_status', { enum: PROJECT_STATUSES }).notNull(),
    /** The joint meeting this step was decided at. */
    meetingId: integer('meeting_id').references(() => jointMeetings.id),
  },
  (t) => [index('project_updates_project_idx').on(t.projectId, t.id), index('project_updates_meeting_idx').on(t.meetingId)],
);

/** Photos of a progress report, in the photo store (lib/cases/photos.ts), re-encoded without metadata. */
export const projectPhotos = sqliteTable(
  'project_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id')
      .notNull()
      .references(() => coProjects.id),
    updateId: integer('update_id')
      .notNull()
      .references(() => projectUpdates.id),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('project_photos_project_idx').on(t.projectId)],
);

// ---------------------------------------------------------------------------------------------
// Volunteer points (志愿积分) per household and the 文明超市 (issue 14, part 3).

/** Kinds of volunteer activity; each has a points rule (point_rules) that caps what one attendance earns. */
export const ACTIVITY_KINDS = ['environment', 'elderly_care', 'safety_patrol', 'civility', 'culture', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** What a points rule is about: an activity kind, or a party member's resolved claim (认领办结). */
export const POINT_RULE_KEYS = [...ACTIVITY_KINDS, 'claim'] as const;
export type PointRuleKey = (typeof POINT_RULE_KEYS)[number];

/** Where a ledger entry comes from: attending an activity, a resolved claim, a staff award or deduction, a redemption. */
export const POINT_ENTRY_KINDS = ['activity', 'claim', 'manual', 'redemption'] as const;
export type PointEntryKind = (typeof POINT_ENTRY_KINDS)[number];

/** The administrator's points rules; a key without a row uses the default of lib/points/rules.ts. */
export const pointRules = sqliteTable(
  'point_rules',
  {
    key: text('key', { enum: POINT_RULE_KEYS }).primaryKey(),
    points: integer('points').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    updatedByAccountId: integer('updated_by_account_id').references(() => accounts.id),
  },
  (t) => [check('point_rules_points_check', sql`${t.points} >= 0 and ${t.points} <= 1000`)],
);

/** 志愿活动: created by staff for a community or a grid; residents sign up on the community's public page. */
export const volunteerActivities = sqliteTable(
  'volunteer_activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    /** Copy of the node's path (scope filters, the community's public page). */
    nodePath: text('node_path').notNull(),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
    title: text('title').notNull(),
    place: text('place').notNull(),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    /** Points one attending household earns; at most the rule of its kind when created. */
    points: integer('points').notNull(),
    capacity: integer('capacity').notNull(),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    createdByAccountId: integer('created_by_account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('volunteer_activities_path_idx').on(t.nodePath, t.startsAt),
    check('volunteer_activities_points_check', sql`${t.points} > 0`),
    check('volunteer_activities_capacity_check', sql`${t.capacity} > 0`),
  ],
);

/**
 * 报名 and 签到: a resident's sign-up (name and phone from the public page, matched to a household when the
 * registry allows) or a walk-in recorded by staff from the household's card; attendance is confirmed by staff.
 */
export const activitySignups = sqliteTable(
  'activity_signups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    activityId: integer('activity_id')
      .notNull()
      .references(() => volunteerActivities.id),
    /** Null for a walk-in recorded from the household's card. */
    name: text('name'),
    phone: text('phone'),
    householdId: integer('household_id').references(() => households.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    attendedAt: integer('attended_at', { mode: 'timestamp_ms' }),
    confirmedByAccountId: integer('confirmed_by_account_id').references(() => accounts.id),
    /** When the retention purge removed the name and phone (lib/pipl/retention.ts), as for a finished case. */
    personalDataPurgedAt: integer('personal_data_purged_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('activity_signups_phone_idx').on(t.activityId, t.phone),
    uniqueIndex('activity_signups_household_idx').on(t.activityId, t.householdId),
    index('activity_signups_activity_idx').on(t.activityId, t.id),
  ],
);

/**
 * The points ledger (积分台账), append-only (triggers): a household's balance is the sum of its entries and is
 * never stored. `sourceId` is the sign-up, case or redemption an entry comes from; one entry per source.
 */
export const pointEntries = sqliteTable(
  'point_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    kind: text('kind', { enum: POINT_ENTRY_KINDS }).notNull(),
    sourceId: integer('source_id'),
    /** Signed: earned points are positive, deductions and redemptions negative. */
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('point_entries_household_idx').on(t.householdId, t.id),
    index('point_entries_created_idx').on(t.createdAt),
    uniqueIndex('point_entries_source_idx').on(t.kind, t.sourceId),
    check('point_entries_points_check', sql`${t.points} <> 0`),
  ],
);

/** 文明超市 goods of a community: a price in points and a stock that a redemption lowers. */
export const marketGoods = sqliteTable(
  'market_goods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id),
    nodePath: text('node_path').notNull(),
    name: text('name').notNull(),
    price: integer('price').notNull(),
    stock: integer('stock').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('market_goods_path_idx').on(t.nodePath),
    check('market_goods_price_check', sql`${t.price} > 0`),
    check('market_goods_stock_check', sql`${t.stock} >= 0`),
  ],
);

/** One redemption at the counter: its ledger entry (kind 'redemption', sourceId = this id) takes the points. */
export const redemptions = sqliteTable(
  'redemptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    goodsId: integer('goods_id')
      .notNull()
      .references(() => marketGoods.id),
    quantity: integer('quantity').notNull(),
    points: integer('points').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('redemptions_household_idx').on(t.householdId, t.id), index('redemptions_goods_idx').on(t.goodsId, t.id)],
);

/** A household's printed points card: its QR code encodes only `token` (random, unguessable); reissuing replaces it. */
export const householdCards = sqliteTable(
  'household_cards',
  {
    householdId: integer('household_id')
      .primaryKey()
      .references(() => households.id),
    token: text('token').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    issuedByAccountId: integer('issued_by_account_id').references(() => accounts.id),
  },
  (t) => [uniqueIndex('household_cards_token_idx').on(t.token)],
);

// ---------------------------------------------------------------------------------------------
// The public board (issue 14): what staff chose to show residents in public, and residents' "me too".

/** A wish on the 心愿墙, or an open request shown at its QR code so neighbours can add their support. */
export const PUBLICATION_KINDS = ['wish', 'request'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/**
 * A case that staff published: the text residents read (written or approved by staff, never the resident's own
 * words), the photos staff chose, who decided and when. Withdrawn rows stay (withdrawn_at set) so the decision is
 * on record; the audit log holds every change.
 */
export const casePublications = sqliteTable(
  'case_publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: PUBLICATION_KINDS }).notNull(),
    publicText: text('public_text').notNull(),
    /** Ids of the case's photos staff chose to show (handler photos only), in their order. */
    photoIds: text('photo_ids', { mode: 'json' }).$type<number[]>().notNull(),
    publishedByAccountId: integer('published_by_account_id')
      .notNull()
      .references(() => accounts.id),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    updatedByAccountId: integer('updated_by_account_id')
      .notNull()
      .references(() => accounts.id),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
    withdrawnByAccountId: integer('withdrawn_by_account_id').references(() => accounts.id),
  },
  (t) => [uniqueIndex('case_publications_case_idx').on(t.caseId), index('case_publications_kind_idx').on(t.kind, t.withdrawnAt, t.publishedAt)],
);

/** A supporter came by a tap at the QR code (device), or staff merged their own request into this one (重复). */
export const SUPPORT_KINDS = ['device', 'merged'] as const;

/**
 * 附议: one resident's "me too" on a case. A device supports a case once (sha256 of its cookie); a merged request
 * supports its original once. The supporter follows the case through a status link of their own (token_hash for a
 * device, their own case's link when merged) and rates the result once, counted in 满意率 (lib/stats).
 */
export const caseSupports = sqliteTable(
  'case_supports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: SUPPORT_KINDS }).notNull(),
    deviceHash: text('device_hash'),
    fromCaseId: integer('from_case_id').references((): AnySQLiteColumn => cases.id),
    /** sha256 of the device supporter's status-link token. */
    tokenHash: text('token_hash'),
    /** Optional, to be told of the result: personal data, shown to the case's handlers only. */
    phone: text('phone'),
    rating: text('rating', { enum: RATINGS }),
    ratedAt: integer('rated_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('case_supports_device_idx').on(t.caseId, t.deviceHash),
    uniqueIndex('case_supports_from_idx').on(t.fromCaseId),
    uniqueIndex('case_supports_token_idx').on(t.tokenHash),
    index('case_supports_rating_idx').on(t.rating, t.caseId),
  ],
);
