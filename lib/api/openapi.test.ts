import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApiDocument } from './openapi';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const API_ROOT = path.resolve(import.meta.dirname, '../../app/api/v1');

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** app/api/v1/cases/[number]/route.ts → /api/v1/cases/{number}; route groups vanish from URLs. */
function urlPathOf(file: string): string {
  const segments = path
    .relative(path.resolve(API_ROOT, '../..'), path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[(\w+)\]$/, '{$1}'));
  return `/${segments.join('/')}`;
}

/** "GET /api/v1/cases" for every method every route file exports. */
async function implementedOperations(): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of routeFiles(API_ROOT)) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) if (typeof mod[method] === 'function') out.add(`${method} ${urlPathOf(file)}`);
  }
  return out;
}

function documentedOperations(doc: Record<string, unknown>): Set<string> {
  const paths = doc.paths as Record<string, Record<string, unknown>>;
  return new Set(
    Object.entries(paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((k) => (HTTP_METHODS as readonly string[]).includes(k.toUpperCase()))
        .map((k) => `${k.toUpperCase()} ${p}`),
    ),
  );
}

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    assert.equal(validator.version, '3.1');
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  it('documents every route handler method, and nothing that does not exist', async () => {
    const implemented = await implementedOperations();
    const documented = documentedOperations(doc);
    assert.ok(implemented.size >= 5, `found only ${[...implemented].join(', ')}`);
    assert.deepEqual([...implemented].filter((op) => !documented.has(op)), [], 'implemented but not documented');
    assert.deepEqual([...documented].filter((op) => !implemented.has(op)), [], 'documented but not implemented');
  });

  it('describes request bodies from the form schemas, with their Chinese limits', () => {
    const schemas = (doc.components as { schemas: Record<string, { required?: string[]; oneOf?: { properties: { action: { const: string } } }[] }> }).schemas;
    assert.deepEqual(schemas.CreateCaseRequest!.required, ['description', 'source', 'nodeId']);
    const actions = schemas.ActionRequest!.oneOf!.map((v) => v.properties.action.const);
    assert.ok(actions.includes('accept') && actions.includes('resolve') && actions.includes('rate'));
    assert.ok(!actions.includes('auto_close'), 'the system-only action is not offered to callers');
  });

  it('describes keyset paging: a cursor in, nextCursor and hasMore out, the total only on request', () => {
    const paths = doc.paths as Record<string, Record<string, { parameters: { name: string; schema: { enum?: string[] } }[] }>>;
    const params = paths['/api/v1/cases']!.get!.parameters;
    const names = params.map((p) => p.name);
    assert.ok(names.includes('cursor') && names.includes('pageSize'));
    assert.ok(!names.includes('page'), 'page numbers are refused, not offered');
    assert.deepEqual(params.find((p) => p.name === 'count')!.schema.enum, ['exact']);
    const list = (doc.components as { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> }).schemas.CaseList!;
    assert.deepEqual([...list.required!].sort(), ['hasMore', 'items', 'nextCursor', 'pageSize']);
    assert.ok(list.properties.total, 'total is described, as optional');
  });

  it('lists an error response for each status the endpoints return', () => {
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const act = paths['/api/v1/cases/{number}/actions']!.post!.responses;
    for (const status of ['200', '400', '401', '403', '404', '409', '413', '422', '500']) assert.ok(act[status], `actions: ${status}`);
    const create = paths['/api/v1/cases']!.post!.responses;
    for (const status of ['201', '400', '401', '403', '413', '422']) assert.ok(create[status], `create: ${status}`);
  });
});
