// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the handlers validate and answer with.
import { z } from 'zod';
import { actionSchema, caseListQuerySchema, createCaseSchema } from '@/lib/cases/schemas';
import { ERROR_STATUS, MAX_JSON_BYTES, type ErrorCode } from './http';
import { actionResultResponse, caseDetailResponse, caseListItemResponse, caseListResponse, createdCaseResponse, errorResponse } from './responses';

type Json = Record<string, unknown>;

type ZodDef = { type: string; out?: { _zod: { def: ZodDef } }; innerType?: { _zod: { def: ZodDef } } };

/**
 * A date that a schema pre-processes from text (e.g. a supervision deadline) has no JSON Schema
 * of its own; in JSON it travels as an ISO 8601 string, so say that.
 */
function describeDateInput(ctx: { zodSchema: { _zod: { def: unknown } }; jsonSchema: Json }) {
  const def = ctx.zodSchema._zod.def as ZodDef;
  if (def.type !== 'pipe' || !def.out || Object.keys(ctx.jsonSchema).length > 0) return;
  let out = def.out._zod.def;
  while (out.type === 'optional' && out.innerType) out = out.innerType._zod.def;
  if (out.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', description: 'ISO 8601 时间；不带时区的 YYYY-MM-DDTHH:mm 按北京时间理解' });
}

/** Requests are described as clients send them (before defaults and coercion), responses as sent. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', override: describeDateInput }) as Json;
  const { $schema: _dialect, ...rest } = generated;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: Json) => ({ 'application/json': { schema } });

/** One reusable response per failure status; several codes may share a status (422: invalid_state, invalid_input). */
const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: '请求体不是有效的 JSON（invalid_json），或未通过校验（validation_failed，附 details.fieldErrors）' },
  401: { name: 'Unauthorized', description: '缺少或无效的访问令牌，令牌已吊销，或未登录（unauthorized）' },
  403: { name: 'Forbidden', description: '调用方无权执行该操作（forbidden）' },
  404: { name: 'NotFound', description: '事项不存在，或不在调用方的管辖范围内；两者不作区分（not_found）' },
  409: { name: 'Conflict', description: '版本冲突：事项已被他人处理（conflict），error.current 给出当前版本和状态（认领台上的事项被他人认领后，党员只得知这一点，不含 current）；或 Idempotency-Key 已被其他调用方使用' },
  413: { name: 'PayloadTooLarge', description: `请求体超过 ${MAX_JSON_BYTES / 1024} KB（payload_too_large）` },
  415: { name: 'UnsupportedMediaType', description: '请求体须为 application/json（unsupported_media_type）' },
  422: { name: 'Unprocessable', description: '业务规则拒绝：当前状态下不能执行（invalid_state），或所选对象无效（invalid_input）；error.current 给出当前版本和状态' },
  500: { name: 'InternalError', description: '服务器内部错误（internal_error），不含任何内部细节' },
};

function errorCodesFor(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);
}

function errorResponses(...statuses: number[]): Json {
  return Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERROR_RESPONSES[s]!.name}` }]));
}

const CASE_NUMBER_PARAM = {
  name: 'number',
  in: 'path',
  required: true,
  description: '事项编号',
  schema: { type: 'string', pattern: '^YH\\d{8}-\\d{4,}$', examples: ['YH20261124-0001'] },
};

const QUERY_DESCRIPTIONS: Record<string, string> = {
  status: '状态，可重复给出（status=submitted&status=accepted）',
  source: '来源渠道',
  categoryId: '事项分类编号',
  gridId: '网格编号',
  overdue: '只看超时（true）或未超时（false）的事项',
  supervised: '只看被督办（true）或未被督办（false）的事项',
  cursor: '下一页的游标：上一页响应中的 nextCursor；不带时返回第一页',
  pageSize: '每页条数，最多 100',
  count: '给出 exact 时同时返回符合条件的事项总数 total（需统计整个范围，较慢；翻页时不必每页都要）',
};

/** Accepted only to be refused with a message saying what replaced it (keyset paging), so not offered here. */
const REFUSED_QUERY = new Set(['page']);

function listQueryParameters(): Json[] {
  return Object.entries(caseListQuerySchema.shape).filter(([name]) => !REFUSED_QUERY.has(name)).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    description: QUERY_DESCRIPTIONS[name],
    schema: schemaOf(schema, 'input'),
    ...(name === 'status' && { style: 'form', explode: true }),
  }));
}

export function buildOpenApiDocument(): Json {
  const authFailures = [401, 500];
  return {
    openapi: '3.1.0',
    info: {
      title: '萤火 Yinghuo 对接接口',
      version: '1.0.0',
      description: [
        '供 12345 热线平台等外部系统登记、查询和办理居民诉求。',
        '认证：在请求头携带 `Authorization: Bearer yh_…`（由系统管理员在“接口令牌”页面签发，只能访问令牌授权范围内的事项）；已登录的工作人员也可凭会话 Cookie 调用。',
        '所有失败都返回 `{"error": {"code", "message"}}`，message 为中文，可直接展示。',
        `请求体须为 JSON，且不超过 ${MAX_JSON_BYTES / 1024} KB。`,
      ].join('\n\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths: {
      '/api/v1/cases': {
        get: {
          operationId: 'listCases',
          summary: '分页列出调用方管辖范围内的事项（新的在前）',
          description: '按游标翻页：第一页不带 cursor，之后把响应中的 nextCursor 作为 cursor 传回，直到 hasMore 为 false。默认不返回总数；需要时加 count=exact。',
          parameters: listQueryParameters(),
          responses: {
            '200': { description: '一页事项', content: jsonContent(ref('CaseList')) },
            ...errorResponses(400, ...authFailures),
          },
        },
        post: {
          operationId: 'createCase',
          summary: '登记一件诉求（不支持照片）',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: '幂等键（16–64 位字母、数字或连字符）。网络重试时带上同一个键，只会登记一次，返回 200 和已登记的事项。',
              schema: { type: 'string', pattern: '^[A-Za-z0-9-]{16,64}$' },
            },
          ],
          requestBody: { required: true, content: jsonContent(ref('CreateCaseRequest')) },
          responses: {
            '201': {
              description: '已登记',
              headers: { Location: { description: '新事项的接口地址', schema: { type: 'string' } } },
              content: jsonContent(ref('CreatedCase')),
            },
            '200': { description: '同一个 Idempotency-Key 的重试：返回先前登记的事项（statusUrl 为新生成的链接）', content: jsonContent(ref('CreatedCase')) },
            ...errorResponses(400, 401, 403, 409, 413, 415, 422, 500),
          },
        },
      },
      '/api/v1/cases/{number}': {
        get: {
          operationId: 'getCase',
          summary: '一件事项的详情、办理时间线和调用方可执行的操作',
          parameters: [CASE_NUMBER_PARAM],
          responses: {
            '200': { description: '事项详情', content: jsonContent(ref('CaseDetail')) },
            ...errorResponses(401, 404, 500),
          },
        },
      },
      '/api/v1/cases/{number}/actions': {
        post: {
          operationId: 'performAction',
          summary: '对事项执行一个办理操作（受理、派单、办结、评价……）',
          description: '`version` 须等于最近一次读取到的版本号；事项已被他人改动时返回 409，附当前版本和状态。',
          parameters: [CASE_NUMBER_PARAM],
          requestBody: { required: true, content: jsonContent(ref('ActionRequest')) },
          responses: {
            '200': { description: '操作成功后的状态和新版本号', content: jsonContent(ref('ActionResult')) },
            ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 500),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: '本接口文档（OpenAPI 3.1）',
          security: [],
          responses: { '200': { description: 'OpenAPI 文档', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'yh_<43 位 base64url>', description: '系统管理员签发的接口令牌' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'authjs.session-token',
          description: '工作人员登录后的会话 Cookie（HTTPS 下名为 __Secure-authjs.session-token）',
        },
      },
      schemas: {
        CreateCaseRequest: schemaOf(createCaseSchema, 'input'),
        ActionRequest: schemaOf(actionSchema, 'input'),
        CreatedCase: schemaOf(createdCaseResponse, 'output'),
        ActionResult: schemaOf(actionResultResponse, 'output'),
        CaseListItem: schemaOf(caseListItemResponse, 'output'),
        CaseList: schemaOf(caseListResponse, 'output'),
        CaseDetail: schemaOf(caseDetailResponse, 'output'),
        Error: schemaOf(errorResponse, 'output'),
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, { name, description }]) => [
          name,
          {
            description,
            content: jsonContent({ allOf: [ref('Error')], examples: [{ error: { code: errorCodesFor(Number(status))[0], message: '…' } }] }),
          },
        ]),
      ),
    },
  };
}
