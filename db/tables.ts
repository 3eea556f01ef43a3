// The tables for engine-neutral code (lib/ written once for both engines): the PostgreSQL tables of db/pg/schema.ts
// when this process runs on PostgreSQL, otherwise those of db/schema.ts, typed as the SQLite ones either way.
// db/pg/schema-parity.test.ts keeps the two equal column by column, so one type describes both; drizzle's query
// builder of the engine in use reads the table object it is given (names, columns, value mapping) at run time.
// Code that imports from here awaits every query (no .all()/.get()/.run(), which exist on SQLite only) and writes
// through Store.write (db/store.ts).
import * as pg from './pg/schema';
import * as sqlite from './schema';
import { ENGINE } from './engine';

const chosen = (ENGINE === 'pg' ? pg : sqlite) as unknown as typeof sqlite;

export const orgNodes = chosen.orgNodes;
export const households = chosen.households;
export const householdCareTags = chosen.householdCareTags;
export const persons = chosen.persons;
export const units = chosen.units;
export const partyMembers = chosen.partyMembers;
export const centralHouseholds = chosen.centralHouseholds;
export const centralHouseholdLinks = chosen.centralHouseholdLinks;
export const accounts = chosen.accounts;
export const accountScopes = chosen.accountScopes;
export const signInAttempts = chosen.signInAttempts;
export const sessions = chosen.sessions;
export const categories = chosen.categories;
export const timeLimits = chosen.timeLimits;
export const auditLog = chosen.auditLog;
export const settings = chosen.settings;
export const intakePoints = chosen.intakePoints;
export const apiTokens = chosen.apiTokens;
export const cases = chosen.cases;
export const caseNumberDays = chosen.caseNumberDays;
export const caseEvents = chosen.caseEvents;
export const casePhotos = chosen.casePhotos;
export const notifications = chosen.notifications;
export const rateLimitHits = chosen.rateLimitHits;
export const jobLeases = chosen.jobLeases;
export const stagedImports = chosen.stagedImports;
export const visits = chosen.visits;
export const replyTemplates = chosen.replyTemplates;
export const pledgeItems = chosen.pledgeItems;
export const pledges = chosen.pledges;
export const unitResources = chosen.unitResources;
export const jointMeetings = chosen.jointMeetings;
export const meetingUnits = chosen.meetingUnits;
export const communityNeeds = chosen.communityNeeds;
export const needCases = chosen.needCases;
export const coProjects = chosen.coProjects;
export const projectUnits = chosen.projectUnits;
export const projectUpdates = chosen.projectUpdates;
export const projectPhotos = chosen.projectPhotos;
export const pointRules = chosen.pointRules;
export const volunteerActivities = chosen.volunteerActivities;
export const activitySignups = chosen.activitySignups;
export const pointEntries = chosen.pointEntries;
export const marketGoods = chosen.marketGoods;
export const redemptions = chosen.redemptions;
export const householdCards = chosen.householdCards;
export const casePublications = chosen.casePublications;
export const caseSupports = chosen.caseSupports;
