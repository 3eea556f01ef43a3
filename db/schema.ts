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
  },
  (t) => [
    uniqueIndex('org_nodes_path_idx').on(t.path),
    index('org_nodes_parent_idx').on(t.parentId, t.sortOrder),
    index('org_nodes_kind_idx').on(t.kind),
  ],
);

export const CARE_TAGS = ['elderly_80', 'living_alone', 'hardship', 'disabled', 'left_behind_child', 'migrant_child'] as const;
export type CareTag = (typeof CARE_TAGS)[number];

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
  },
  (t) => [primaryKey({ columns: [t.householdId, t.tag] }), index('household_care_tags_tag_idx').on(t.tag)],
);

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other'] as const;

export const persons = sqliteTable(
  'persons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for a party member who registered with the community but lives elsewhere. */
    householdId: integer('household_id').references(() => households.id),
    name: text('name').notNull(),
    phone: text('phone'),
    gender: text('gender', { enum: ['M', 'F'] }).notNull(),
    birthYear: integer('birth_year').notNull(),
    relation: text('relation', { enum: RELATIONS }).notNull().default('other'),
  },
  (t) => [index('persons_household_idx').on(t.householdId), index('persons_phone_idx').on(t.phone), index('persons_name_idx').on(t.name)],
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

/**
 * Who looked at or exported personal data, and when (PIPL). Append-only: rows are inserted,
 * never updated or deleted.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    action: text('action', { enum: ['view_household', 'export'] }).notNull(),
    subject: text('subject').notNull(),
    detail: text('detail'),
  },
  (t) => [index('audit_log_account_idx').on(t.accountId, t.at), index('audit_log_at_idx').on(t.at)],
);
