// /api/v1/cases/{number}/actions: one lifecycle action against the version the caller saw.
import { caseActionEndpoint } from '@/lib/api/case-actions';
import { apiRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ number: string }>('POST /api/v1/cases/{number}/actions', caseActionEndpoint);
