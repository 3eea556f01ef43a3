// /api/v1/openapi.json: the machine-readable description of this API, public like any API reference.
import { buildOpenApiDocument } from '@/lib/api/openapi';

// The document only changes with the code, so it is rendered once per build.
export const dynamic = 'force-static';

export function GET(): Response {
  return Response.json(buildOpenApiDocument());
}
