// The shape of the single and batch intake drafts as stored on the phone, and how to read them back safely.
import { newClientKey } from './draft-store';

export type SingleDraft = {
  clientKey: string;
  /** When this draft was begun: earlier than the page opening means it was restored. */
  startedAt: number;
  description: string;
  source: string;
  nodeId: string;
  household: { id: number; nodeId: number; address: string } | null;
  categoryId: string;
  urgency: 'normal' | 'urgent';
  residentName: string;
  residentPhone: string;
  place: string;
  /** 当场办结: the worker fixed it on the spot, and what they did. */
  resolveNow: boolean;
  resolution: string;
  /** Photos cannot be stored; remembering how many there were lets a restored draft say they are gone. */
  photoCount: number;
};

export type SingleField = Exclude<keyof SingleDraft, 'clientKey' | 'startedAt' | 'household' | 'photoCount' | 'resolveNow'>;

export type BatchRow = { clientKey: string; description: string; place: string; residentName: string; residentPhone: string };
export type BatchRowField = Exclude<keyof BatchRow, 'clientKey'>;

export type BatchDraft = { startedAt: number; nodeId: string; source: string; rows: BatchRow[] };

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The form's values before anything is typed; no key yet, because nothing is to be sent. */
export const EMPTY_SINGLE: SingleDraft = {
  clientKey: '',
  startedAt: 0,
  description: '',
  source: '',
  nodeId: '',
  household: null,
  categoryId: '',
  urgency: 'normal',
  residentName: '',
  residentPhone: '',
  place: '',
  resolveNow: false,
  resolution: '',
  photoCount: 0,
};

/** A new draft with its own key; after a success the place and source of the last one carry over. */
export function blankSingle(keep?: Partial<Pick<SingleDraft, 'source' | 'nodeId' | 'household'>>): SingleDraft {
  return { ...EMPTY_SINGLE, clientKey: newClientKey(), startedAt: Date.now(), ...keep };
}

/** What was stored may come from an older version of the page or be damaged: keep what is readable. */
export function parseSingle(value: unknown): SingleDraft | null {
  if (!isObject(value) || typeof value.clientKey !== 'string' || value.clientKey === '') return null;
  const h = value.household;
  const household =
    isObject(h) && typeof h.id === 'number' && typeof h.nodeId === 'number' && typeof h.address === 'string' ? { id: h.id, nodeId: h.nodeId, address: h.address } : null;
  return {
    clientKey: value.clientKey,
    startedAt: typeof value.startedAt === 'number' ? value.startedAt : 0,
    description: str(value.description),
    source: str(value.source),
    nodeId: str(value.nodeId),
    household,
    categoryId: str(value.categoryId),
    urgency: value.urgency === 'urgent' ? 'urgent' : 'normal',
    residentName: str(value.residentName),
    residentPhone: str(value.residentPhone),
    place: str(value.place),
    resolveNow: value.resolveNow === true,
    resolution: str(value.resolution),
    photoCount: typeof value.photoCount === 'number' ? value.photoCount : 0,
  };
}

/** Whether a draft holds anything the user typed or chose beyond the remembered place and source. */
export function singleHasContent(d: SingleDraft | null): boolean {
  if (!d) return false;
  return Boolean(d.description || d.household || d.categoryId || d.residentName || d.residentPhone || d.place || d.resolution || d.urgency === 'urgent');
}

export function blankRow(): BatchRow {
  return { clientKey: newClientKey(), description: '', place: '', residentName: '', residentPhone: '' };
}

export function rowHasContent(r: BatchRow): boolean {
  return Boolean(r.description.trim() || r.place.trim() || r.residentName.trim() || r.residentPhone.trim());
}

export function blankBatch(defaultSource: string): BatchDraft {
  return { startedAt: Date.now(), nodeId: '', source: defaultSource, rows: [blankRow()] };
}

export function parseBatch(value: unknown): BatchDraft | null {
  if (!isObject(value) || !Array.isArray(value.rows)) return null;
  const rows = value.rows
    .filter((r): r is Record<string, unknown> => isObject(r) && typeof r.clientKey === 'string' && r.clientKey !== '')
    .map((r) => ({ clientKey: str(r.clientKey), description: str(r.description), place: str(r.place), residentName: str(r.residentName), residentPhone: str(r.residentPhone) }));
  return { startedAt: typeof value.startedAt === 'number' ? value.startedAt : 0, nodeId: str(value.nodeId), source: str(value.source), rows };
}

export function batchHasContent(d: BatchDraft | null): boolean {
  return Boolean(d?.rows.some(rowHasContent));
}
