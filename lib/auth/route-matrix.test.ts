// The scope matrix covers everything callable, and every server action passes the one gate before anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTE_MATRIX, STAFF_ROLES } from '@/e2e/support/route-matrix';
import { INTAKE_ROLES } from '@/lib/cases/intake';
import { EXPORT_ROLES } from '@/lib/desk/export';
import { discoverRoutes, exportedMethods, isUseServerFile, pagesUrlPathOf, serverActionsOf, urlPathOf } from './route-discovery';
import { ORG_BROWSER_ROLES } from './roles';

const { keys, actions } = discoverRoutes();

test('every page, route handler method, API operation and server action has a row in the scope matrix, and no row is stale', () => {
  const listed = new Set(Object.keys(ROUTE_MATRIX));
  const missing = keys.filter((k) => !listed.has(k));
  const stale = [...listed].filter((k) => !keys.includes(k));
  assert.deepEqual(
    { missing, stale },
    { missing: [], stale: [] },
    'add each missing route to e2e/support/route-matrix.ts (one line, with who may reach it); remove stale ones',
  );
});

// Role lists the actions name by constant, so the check compares roles, not spelling.
const NAMED_ROLE_LISTS: Record<string, readonly string[]> = { INTAKE_ROLES, EXPORT_ROLES, ORG_BROWSER_ROLES };

function gateRoles(argument: string): readonly string[] | 'any_staff' {
  const text = argument.trim();
  if (text === '') return 'any_staff';
  if (text in NAMED_ROLE_LISTS) return NAMED_ROLE_LISTS[text]!;
  const literal = /^\[([^\]]*)\]$/.exec(text);
  assert.ok(literal, `cannot read the roles of requireUser(${text})`);
  return literal[1]!.split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);
}

test('every gated server action calls requireUser first, with exactly the roles the matrix gives it', () => {
  assert.ok(actions.length >= 10, 'the walk found the server actions');
  for (const a of actions) {
    const spec = ROUTE_MATRIX[a.key];
    assert.ok(spec?.kind === 'action', `${a.key} is listed as a server action`);
    if ('public' in spec.gate) continue;
    // The first statement, before any parsing or database access: a server action is a public endpoint.
    // requireUserChangingPassword(): any staff, also while a one-time password is still to be replaced.
    const first = /^\s*(?:\/\/[^\n]*\n\s*)*(?:const\s+\w+\s*=\s*)?await\s+(?:requireUser|requireUserChangingPassword)\(([^)]*)\)\s*;/.exec(a.body);
    assert.ok(first, `${a.key} must start with \`await requireUser(…)\`; it starts with: ${a.body.trim().slice(0, 80)}`);
    const roles = gateRoles(first[1]!);
    const expected = spec.gate.roles;
    assert.deepEqual(
      roles === 'any_staff' ? roles : [...roles].sort(),
      expected === 'any_staff' ? expected : [...expected].sort(),
      `${a.key}: requireUser's roles differ from the matrix`,
    );
  }
});

test('public server actions are few and each says why', () => {
  const open = Object.entries(ROUTE_MATRIX).filter(([, s]) => s.kind === 'action' && 'public' in s.gate);
  assert.deepEqual(
    open.map(([k]) => k.split('#')[1]).sort(),
    ['rateCase', 'rateSupport', 'signInAction', 'signOutAction', 'submitRequest', 'supportRequest'],
    'a new public server action needs a reviewer: add it here only after checking what it lets a stranger do',
  );
  assert.equal(STAFF_ROLES.length, 5);
});

test('discovery reads the shapes route files and action files come in', () => {
  assert.equal(urlPathOf('/r/app', '/r/app/(staff)/cases/[number]/page.tsx'), '/cases/[number]');
  assert.equal(urlPathOf('/r/app', '/r/app/page.tsx'), '/');
  assert.equal(pagesUrlPathOf('/r/pages', '/r/pages/b/[id]/index.tsx'), '/b/[id]');
  assert.equal(pagesUrlPathOf('/r/pages', '/r/pages/b/[id]/poster.tsx'), '/b/[id]/poster');
  assert.deepEqual(exportedMethods('export const { GET, POST } = handlers;'), ['GET', 'POST']);
  assert.deepEqual(exportedMethods('export async function GET(r) {}\nexport const POST = apiRoute(x);\nexport const dynamic = 1;'), ['GET', 'POST']);
  assert.ok(isUseServerFile("// why\n'use server';\nexport async function a() {}"));
  assert.ok(!isUseServerFile("import x from 'y';\n'use server';"));
  assert.deepEqual(
    serverActionsOf("'use server';\nexport async function a(x: T): Promise<void> {\n  await requireUser();\n}\nexport async function b() {}\n").map((f) => f.name),
    ['a', 'b'],
  );
});
